-- Events about constituents' hosts (a row of a Shadowserver report: an open RDP port, a sinkholed bot),
-- each once per CIRT (the digest of the row), attached to the incident of its constituent,
-- classification and day. An event no constituent owns is kept unassigned, so that the directory can
-- be completed.
create table constituent_event (
    id             uuid          primary key,
    tenant         varchar(32)   not null references tenant (id),
    digest         varchar(64)   not null,
    source         varchar(64)   not null,      -- the feed
    report_type    varchar(80)   not null,
    classification varchar(60)   not null,      -- an RSIT type
    identifier     varchar(80),
    observed_at    timestamptz   not null,
    ip             inet,
    port           integer,
    protocol       varchar(16),
    asn            varchar(16),
    hostname       varchar(255),
    fields         json          not null,      -- the report's other columns, in their order (json keeps it)
    tlp            varchar(16)   not null,
    constituent_id uuid          references constituent (id) on delete set null,
    entry_id       uuid,
    incident_id    uuid          references incident (id) on delete cascade,
    status         varchar(16)   not null,      -- OPEN | FIXED | FALSE_POSITIVE
    created_at     timestamptz   not null,
    constraint constituent_event_once unique (tenant, digest)
);
create index constituent_event_time on constituent_event (tenant, observed_at desc, id);
create index constituent_event_constituent on constituent_event (constituent_id, observed_at desc);
create index constituent_event_incident on constituent_event (incident_id);
create index constituent_event_ip on constituent_event using gist (ip inet_ops);

-- The incident a constituent's events go to, per classification and day: one a day for each problem,
-- never one per host. subject is the constituent, or the entry when it belongs to none.
create table event_incident (
    tenant         varchar(32)  not null,
    day            date         not null,
    classification varchar(60)  not null,
    subject        uuid         not null,
    incident_id    uuid         not null references incident (id) on delete cascade,
    primary key (tenant, day, classification, subject)
);
create index event_incident_incident on event_incident (incident_id);
