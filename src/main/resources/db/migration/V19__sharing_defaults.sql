-- A CIRT's default grant per TLP label: each new incident created with that label is shared with
-- the default's audience at once (exchange.service.SharingDefaults). One default per label.
create table sharing_default (
    id          uuid         primary key,
    tenant      varchar(32)  not null references tenant (id),
    tlp         varchar(16)  not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED')),
    audience    varchar(16)  not null check (audience in ('COMMUNITY', 'GROUP', 'PARTNERS')),
    group_id    uuid         references sharing_group (id),
    partners    uuid[]       not null default '{}',
    parts       text[]       not null default '{}',
    set_by      varchar(150) not null,
    set_at      timestamptz  not null,
    unique (tenant, tlp),
    constraint sharing_default_group_matches_audience check ((audience = 'GROUP') = (group_id is not null))
);
