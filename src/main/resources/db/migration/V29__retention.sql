-- Retention (docs/retention.md, ADR 37): each CIRT's rules, the key its reporters' pseudonyms are
-- computed with, and one row per run of the retention job and CIRT.

create table retention_rule (
    tenant                 varchar(32)  primary key references tenant (id),
    closed_incident_months integer      not null,
    reporter_data_months   integer      not null,
    audit_months           integer      not null,
    updated_by             varchar(150) not null,
    updated_at             timestamptz  not null
);

-- The per-CIRT key of the pseudonyms (HMAC-SHA-256 of the normalised address): the same reporter
-- gets the same pseudonym within a CIRT, and no pseudonym is computed back without the key.
create table retention_key (
    tenant     varchar(32) primary key references tenant (id),
    key        bytea       not null,
    created_at timestamptz not null
);

-- One run of the job for one CIRT. At most one unfinished run per CIRT (the unique index is the
-- lease): a replica that died leaves its row unfinished, and the next run past the lease closes it
-- as abandoned and does the rest of the work (each step is idempotent).
create table retention_run (
    id                      uuid         primary key,
    tenant                  varchar(32)  not null references tenant (id),
    holder                  varchar(100) not null,
    started_at              timestamptz  not null,
    heartbeat_at            timestamptz  not null,
    finished_at             timestamptz,
    outcome                 varchar(16),
    incidents_deleted       integer      not null default 0,
    reporters_pseudonymised integer      not null default 0,
    errors                  text[]       not null default '{}'
);
create unique index retention_run_one_running on retention_run (tenant) where finished_at is null;
create index retention_run_tenant_started on retention_run (tenant, started_at desc);

-- The incident's reporter once pseudonymised (the pseudonym, which also keeps the reporter's
-- incidents linked); null while the reporter's data is still held.
alter table incident add column reporter_pseudonym varchar(80);

-- The timeline stays append-only for everyone but retention: deleting an incident past its
-- retention period, or replacing a reporter's address by its pseudonym, sets opencirt.retention
-- for its own transaction only (set_config(..., true)).
create or replace function timeline_entry_append_only() returns trigger language plpgsql as $$
begin
    if current_setting('opencirt.retention', true) = 'on' then
        return case when tg_op = 'DELETE' then old else new end;
    end if;
    raise exception 'timeline_entry is append-only';
end;
$$;

-- An incident deleted by retention takes its playbook runs and claims with it: they describe
-- only that incident, and the incident feature does not touch the playbook feature's tables.
alter table playbook_run drop constraint playbook_run_incident_id_fkey,
    add constraint playbook_run_incident_id_fkey foreign key (incident_id) references incident (id) on delete cascade;
alter table playbook_claim drop constraint playbook_claim_incident_id_fkey,
    add constraint playbook_claim_incident_id_fkey foreign key (incident_id) references incident (id) on delete cascade;
