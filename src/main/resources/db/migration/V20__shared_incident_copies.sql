-- The copies of shared incidents that recipients on this platform find in their own search
-- (exchange.service.SharedCopies): one row per (incident, recipient CIRT) while an active grant
-- reaches the recipient under the incident's current label. The row holds what the search document
-- needs besides the incident itself: which parts the grants share, and since when. A row removed
-- (revoke, label raised, partner left the group) makes the outbox relay delete the document.
create table shared_incident_copy (
    id          uuid         primary key,
    incident_id uuid         not null,
    owner       varchar(32)  not null references tenant (id),
    recipient   varchar(32)  not null references tenant (id),
    parts       text[]       not null default '{}',
    shared_at   timestamptz  not null,
    version     bigint       not null,
    unique (incident_id, recipient)
);
create index shared_incident_copy_owner_incident on shared_incident_copy (owner, incident_id);

-- A recipient opened an incident of its own from a shared incident (exchange.service.SharedIncidentAdoptions):
-- once per incident and recipient; both timelines record it, the owner's without the recipient's content.
create table shared_incident_adoption (
    id                 uuid         primary key,
    owner              varchar(32)  not null references tenant (id),
    incident_id        uuid         not null,
    recipient          varchar(32)  not null references tenant (id),
    recipient_incident uuid         not null,
    opened_by          varchar(150) not null,
    opened_at          timestamptz  not null,
    unique (incident_id, recipient)
);
