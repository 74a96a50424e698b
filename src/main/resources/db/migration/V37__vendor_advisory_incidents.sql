-- The incidents raised for vendor advisories (docs/advisories.md "Vendors' advisories"): one per
-- advisory and constituent running a product the advisory names as affected. The row keeps a
-- new version of the advisory from raising a second incident for the same constituent; it goes
-- with its incident (retention) and with its advisory.
create table vendor_advisory_incident (
    id                 uuid primary key,
    tenant             text not null,
    vendor_advisory_id uuid not null references vendor_advisory (id) on delete cascade,
    constituent        text not null,
    incident_id        uuid not null references incident (id) on delete cascade,
    created_at         timestamptz not null,
    unique (vendor_advisory_id, constituent)
);

create index vendor_advisory_incident_incident on vendor_advisory_incident (incident_id);
