-- Threat feeds: definitions added through the API (the YAML files under threat-feeds/ are the
-- platform's defaults and live on disk), their fetch state, run history and dead letters.

create table feed (
    id          varchar(64)  primary key,
    tenant      varchar(32)  references tenant (id),   -- null: a platform feed from threat-feeds/
    definition  jsonb        not null,
    enabled     boolean      not null,
    created_by  varchar(150) not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    version     bigint       not null
);

-- Per-feed state that survives runs: conditional GET validators and the TAXII checkpoint.
create table feed_state (
    feed_id       varchar(64) primary key,
    etag          varchar(500),
    last_modified varchar(100),
    checkpoint    varchar(200),
    updated_at    timestamptz not null
);

create table feed_run (
    id             uuid         primary key,
    feed_id        varchar(64)  not null,
    trigger        varchar(16)  not null,
    status         varchar(16)  not null,
    started_at     timestamptz  not null,
    finished_at    timestamptz,
    fetched_bytes  bigint       not null default 0,
    parsed         bigint       not null default 0,
    invalid        bigint       not null default 0,
    warninglisted  bigint       not null default 0,
    created        bigint       not null default 0,
    updated        bigint       not null default 0,
    failed         bigint       not null default 0,
    matches        bigint       not null default 0,
    incidents      bigint       not null default 0,
    error          text,
    invalid_samples jsonb       not null default '[]'
);
create index feed_run_feed on feed_run (feed_id, started_at desc);

-- Indicators Elasticsearch refused, with the reason: nothing is dropped silently.
create table indicator_dead_letter (
    id           bigserial    primary key,
    feed_id      varchar(64)  not null,
    run_id       uuid         not null,
    indicator_id varchar(64)  not null,
    type         varchar(10)  not null,
    value        varchar(4096) not null,
    reason       text         not null,
    created_at   timestamptz  not null
);
create index indicator_dead_letter_run on indicator_dead_letter (run_id);

-- What a CIRT serves: its ASNs, networks and domains.
create table constituency_entry (
    id         uuid         primary key,
    tenant     varchar(32)  not null references tenant (id),
    kind       varchar(8)   not null,       -- asn | network | domain
    value      varchar(300) not null,
    label      varchar(200),
    created_at timestamptz  not null,
    constraint constituency_entry_unique unique (tenant, kind, value)
);

-- Indicators that matched an incident's observables.
create table incident_match (
    id             uuid         primary key,
    incident_id    uuid         not null references incident (id),
    tenant         varchar(32)  not null,
    observable     varchar(4096) not null,
    indicator_id   varchar(64)  not null,
    indicator_type varchar(10)  not null,
    indicator_value varchar(4096) not null,
    feeds          text[]       not null,
    classification varchar(60),
    confidence     integer,
    tlp            varchar(16)  not null,
    matched_at     timestamptz  not null,
    constraint incident_match_unique unique (incident_id, indicator_id, observable)
);
create index incident_match_incident on incident_match (incident_id);

-- The incident a feed's constituency hits go to, per CIRT, feed, day and constituent entry,
-- so that a run never floods a queue.
create table constituency_incident (
    tenant      varchar(32)  not null,
    feed_id     varchar(64)  not null,
    day         date         not null,
    entry_id    uuid         not null,
    incident_id uuid         not null references incident (id),
    primary key (tenant, feed_id, day, entry_id)
);

-- Feed runs look observables up by value, across CIRTs.
create index observable_value on observable (value);
