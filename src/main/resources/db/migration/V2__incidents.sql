-- Incidents and everything attached to them. Every row carries its tenant; every query of
-- the incident package filters on it.

create table incident (
    id                uuid         primary key,
    tenant            varchar(32)  not null references tenant (id),
    reference         varchar(48)  not null,
    title             varchar(300) not null,
    description       text         not null default '',
    reporter_name     varchar(200),
    reporter_email    varchar(254),
    reporter_org      varchar(200),
    reporter_client   varchar(100),
    channel           varchar(16)  not null,
    category          varchar(40),
    type              varchar(60),
    severity          varchar(10)  not null,
    priority          varchar(2)   not null,
    tlp               varchar(16)  not null,
    pap               varchar(8)   not null,
    tags              text[]       not null default '{}',
    sector            varchar(100),
    state             varchar(20)  not null,
    assignee          varchar(100),
    occurred_at       timestamptz,
    detected_at       timestamptz,
    reported_at       timestamptz  not null,
    due_at            timestamptz,
    status_token_hash varchar(64),
    created_by        varchar(150) not null,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null,
    version           bigint       not null,
    constraint incident_reference_unique unique (tenant, reference)
);
create index incident_tenant_created on incident (tenant, created_at desc);

-- The next reference number per CIRT and year (CERT-AB-2026-000123).
create table incident_sequence (
    tenant varchar(32) not null references tenant (id),
    year   integer     not null,
    last   integer     not null,
    primary key (tenant, year)
);

create table observable (
    id          uuid          primary key,
    incident_id uuid          not null references incident (id),
    tenant      varchar(32)   not null,
    type        varchar(10)   not null,
    value       varchar(4096) not null,
    origin      varchar(16)   not null,
    created_at  timestamptz   not null,
    constraint observable_unique unique (incident_id, type, value)
);
create index observable_tenant_value on observable (tenant, value);

create table incident_task (
    id          uuid         primary key,
    incident_id uuid         not null references incident (id),
    tenant      varchar(32)  not null,
    title       varchar(300) not null,
    state       varchar(12)  not null,
    assignee    varchar(100),
    created_by  varchar(150) not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    version     bigint       not null
);
create index incident_task_incident on incident_task (incident_id);

create table incident_comment (
    id          uuid         primary key,
    incident_id uuid         not null references incident (id),
    tenant      varchar(32)  not null,
    body        text         not null,
    visibility  varchar(12)  not null,
    author      varchar(150) not null,
    created_at  timestamptz  not null
);
create index incident_comment_incident on incident_comment (incident_id, created_at);

create table attachment (
    id           uuid          primary key,
    incident_id  uuid          not null references incident (id),
    tenant       varchar(32)   not null,
    filename     varchar(255)  not null,
    content_type varchar(200)  not null,
    size         bigint        not null,
    sha256       char(64)      not null,
    content      bytea         not null,
    created_by   varchar(150)  not null,
    created_at   timestamptz   not null
);
create index attachment_incident on attachment (incident_id);

create table incident_link (
    id          uuid        primary key,
    incident_id uuid        not null references incident (id),
    target_id   uuid        not null references incident (id),
    tenant      varchar(32) not null,
    kind        varchar(16) not null,
    created_by  varchar(150) not null,
    created_at  timestamptz not null,
    constraint incident_link_unique unique (incident_id, target_id, kind)
);

-- Who changed what, when, from what to what. Append-only: the trigger refuses updates and deletes.
create table timeline_entry (
    id          bigserial    primary key,
    incident_id uuid         not null references incident (id),
    tenant      varchar(32)  not null,
    at          timestamptz  not null,
    actor       varchar(150) not null,
    action      varchar(40)  not null,
    field       varchar(40),
    before      jsonb,
    after       jsonb
);
create index timeline_entry_incident on timeline_entry (incident_id, id);

create function timeline_entry_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'timeline_entry is append-only';
end;
$$;
create trigger timeline_entry_append_only before update or delete on timeline_entry
    for each row execute function timeline_entry_append_only();

-- Changes waiting to reach Elasticsearch; written in the same transaction as the change.
create table outbox (
    id             bigserial   primary key,
    aggregate_type varchar(20) not null,
    aggregate_id   uuid        not null,
    tenant         varchar(32) not null,
    created_at     timestamptz not null,
    attempts       integer     not null default 0,
    last_error     text
);

-- Answers already given to a POST with an Idempotency-Key, per caller.
create table idempotency_key (
    caller       varchar(200) not null,
    key          varchar(200) not null,
    request_hash char(64)     not null,
    status       integer,
    location     varchar(500),
    etag         varchar(100),
    body         text,
    created_at   timestamptz  not null,
    primary key (caller, key)
);
create index idempotency_key_created on idempotency_key (created_at);
