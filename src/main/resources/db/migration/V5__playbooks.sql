-- Triage playbooks: the ones a CIRT added through the API (the shipped ones live in playbooks/),
-- each CIRT's choice of which shipped playbooks run, and the record of every run.

create table playbook (
    tenant      varchar(32)  not null references tenant (id),
    id          varchar(64)  not null,
    definition  jsonb        not null,
    source      text         not null,   -- the YAML as sent, for people to read back
    enabled     boolean      not null,
    created_by  varchar(150) not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    primary key (tenant, id)
);

-- A CIRT's switch for a shipped playbook; no row means the shipped default (enabled).
create table playbook_setting (
    tenant      varchar(32)  not null references tenant (id),
    playbook_id varchar(64)  not null,
    enabled     boolean      not null,
    updated_by  varchar(150) not null,
    updated_at  timestamptz  not null,
    primary key (tenant, playbook_id)
);

-- One pass of the engine over an incident after a change: what was evaluated and done.
create table playbook_run (
    id               uuid         primary key,
    tenant           varchar(32)  not null,
    incident_id      uuid         not null references incident (id),
    incident_version bigint       not null,
    trigger          varchar(32)  not null,
    started_at       timestamptz  not null,
    finished_at      timestamptz  not null,
    evaluations      jsonb        not null
);
create index playbook_run_incident on playbook_run (incident_id, started_at);

-- A playbook runs once per (incident version, playbook version): the engine claims the pair here.
create table playbook_claim (
    incident_id      uuid         not null references incident (id),
    incident_version bigint       not null,
    playbook_id      varchar(64)  not null,
    playbook_version integer      not null,
    primary key (incident_id, incident_version, playbook_id, playbook_version)
);

-- Round-robin assignment: the next member of a role to get an incident, per CIRT.
create table playbook_rotation (
    tenant   varchar(32)  not null references tenant (id),
    role     varchar(32)  not null,
    turns    bigint       not null,
    primary key (tenant, role)
);
