-- Which contact heard of which event, in which notification: an event goes to each contact of its
-- constituent once. The incident feature's, beside the events.
create table event_notice (
    event_id        uuid         not null references constituent_event (id) on delete cascade,
    contact_id      uuid         not null,
    tenant          varchar(32)  not null,
    notification_id uuid         not null,
    noticed_at      timestamptz  not null,
    primary key (event_id, contact_id)
);
create index event_notice_tenant on event_notice (tenant);

-- A run of notifications: manual or scheduled, or a dry run that sends nothing.
create table notification_run (
    id          uuid         primary key,
    tenant      varchar(32)  not null references tenant (id),
    trigger     varchar(16)  not null,       -- scheduled | manual
    actor       varchar(200) not null,
    dry_run     boolean      not null,
    status      varchar(12)  not null,       -- running | succeeded | failed
    contacts    integer      not null default 0,
    messages    integer      not null default 0,
    events      integer      not null default 0,
    withheld    integer      not null default 0,   -- events the source's TLP rule keeps from the affected party
    throttled   integer      not null default 0,   -- contacts left for a later run (cadence, limits)
    failed      integer      not null default 0,
    error       varchar(500),
    started_at  timestamptz  not null,
    finished_at timestamptz
);
create index notification_run_tenant on notification_run (tenant, started_at desc);

-- One message to one contact about some of its constituent's events.
create table notification (
    id             uuid         primary key,
    tenant         varchar(32)  not null references tenant (id),
    reference      varchar(48)  not null,      -- in the subject: a reply threads by it
    run_id         uuid         not null references notification_run (id),
    constituent_id uuid,
    contact_id     uuid,
    email          varchar(254) not null,
    language       varchar(2)   not null,
    subject        varchar(300) not null,
    events         integer      not null,
    encrypted      boolean      not null,
    status         varchar(12)  not null,      -- SENT | FAILED | BOUNCED
    attempts       integer      not null,
    message_id     varchar(300),
    error          varchar(300),
    created_at     timestamptz  not null,
    sent_at        timestamptz,
    constraint notification_reference unique (tenant, reference)
);
create index notification_contact on notification (contact_id, created_at desc);
create index notification_constituent on notification (tenant, constituent_id, created_at desc);

-- One run of a CIRT at a time, across replicas: a second start meets this index.
create unique index notification_run_one on notification_run (tenant) where status = 'running';
