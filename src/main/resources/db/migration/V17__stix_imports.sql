-- Importing STIX 2.1: what a partner pushes into a CIRT's TAXII inbox, or an analyst uploads.

-- The label an unmarked object from a partner gets (TLP 2.0, as Tlp.wire() writes it).
alter table partner add column default_tlp varchar(16) not null default 'AMBER'
    check (default_tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'));

-- One import: a TAXII inbox request or an upload, and its status (TAXII 2.1 status resource).
create table stix_import (
    id                  uuid         primary key,
    tenant              varchar(32)  not null references tenant (id),
    channel             varchar(16)  not null check (channel in ('taxii-inbox', 'upload')),
    partner_id          uuid,
    partner_name        varchar(200),
    sender_cirt         varchar(32),
    sent_by             varchar(150) not null,
    status              varchar(16)  not null check (status in ('pending', 'complete')),
    request_timestamp   timestamptz  not null,
    completed_at        timestamptz,
    total_count         integer      not null,
    success_count       integer      not null default 0,
    failure_count       integer      not null default 0,
    pending_count       integer      not null,
    indicator_count     integer      not null default 0,
    not_matchable_count integer      not null default 0,
    skipped_count       integer      not null default 0,
    -- one entry an object, in bundle order: {"index", "id", "version", "outcome", "message"}
    objects             jsonb        not null
);
create index stix_import_newest on stix_import (tenant, request_timestamp desc, id);

-- STIX objects kept as they came: indicators whose pattern cannot be matched.
create table stix_object (
    id          uuid         primary key,
    tenant      varchar(32)  not null references tenant (id),
    import_id   uuid         not null references stix_import (id) on delete cascade,
    stix_id     varchar(300),
    version     varchar(40),
    type        varchar(250) not null,
    body        jsonb        not null,
    received_at timestamptz  not null
);
create index stix_object_of_tenant on stix_object (tenant, stix_id);
