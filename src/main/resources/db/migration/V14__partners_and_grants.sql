-- Partner exchange, first step: a CIRT's partners, its sharing groups, and the grants that share
-- one of its objects with the community, a group or named partners (capped by the object's TLP).

-- A partner of a CIRT: another CIRT on this platform (cirt set) or a remote organisation.
create table partner (
    id          uuid         primary key,
    tenant      varchar(32)  not null references tenant (id),
    kind        varchar(16)  not null check (kind in ('CIRT', 'REMOTE')),
    cirt        varchar(32)  references tenant (id),
    name        varchar(200) not null,
    country     char(2),
    contacts    text[]       not null default '{}',
    created_by  varchar(150) not null,
    created_at  timestamptz  not null,
    constraint partner_cirt_matches_kind check ((kind = 'CIRT') = (cirt is not null)),
    constraint partner_not_itself check (cirt is null or cirt <> tenant),
    constraint partner_country_format check (country is null or country ~ '^[A-Z]{2}$'),
    unique (tenant, name)
);
create unique index partner_one_per_cirt on partner (tenant, cirt) where cirt is not null;

-- A named set of a CIRT's partners.
create table sharing_group (
    id          uuid         primary key,
    tenant      varchar(32)  not null references tenant (id),
    name        varchar(100) not null,
    members     uuid[]       not null default '{}',
    created_by  varchar(150) not null,
    created_at  timestamptz  not null,
    unique (tenant, name)
);

-- One object of a CIRT shared with an audience. Revoking keeps the row (who saw what, and until when).
create table sharing_grant (
    id           uuid         primary key,
    tenant       varchar(32)  not null references tenant (id),
    object_type  varchar(16)  not null check (object_type in ('INCIDENT', 'ADVISORY')),
    object_id    uuid         not null,
    audience     varchar(16)  not null check (audience in ('COMMUNITY', 'GROUP', 'PARTNERS')),
    -- no foreign key: a revoked grant keeps naming a group that was removed since (the history)
    group_id     uuid,
    partners     uuid[]       not null default '{}',
    parts        text[]       not null default '{}',
    granted_by   varchar(150) not null,
    granted_at   timestamptz  not null,
    revoked_by   varchar(150),
    revoked_at   timestamptz,
    constraint sharing_grant_group_matches_audience check ((audience = 'GROUP') = (group_id is not null))
);
create index sharing_grant_object on sharing_grant (tenant, object_type, object_id);
