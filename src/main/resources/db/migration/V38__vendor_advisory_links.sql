-- An analyst links a vendor advisory to any incident of the CIRT: such a link names no constituent,
-- only who made it. The incidents the matching raised keep their constituent.
alter table vendor_advisory_incident alter column constituent drop not null;
alter table vendor_advisory_incident add column linked_by text;
alter table vendor_advisory_incident add constraint vendor_advisory_incident_link unique (vendor_advisory_id, incident_id);
alter table vendor_advisory_incident add constraint vendor_advisory_incident_kind
    check ((constituent is null) <> (linked_by is null));
