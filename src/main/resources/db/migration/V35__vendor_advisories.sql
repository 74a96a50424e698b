-- Vendor advisories (docs/advisories.md "Vendors' advisories"): the CSAF documents a CIRT's
-- csaf-provider feeds download from other providers, kept read-only for the CIRT once their hash,
-- their signature (against the keys the provider's metadata lists) and the CSAF validator accepted
-- them. One row per document URL of a feed; a newer version of the document replaces the row.
-- cves: the document's CVE ids, upper case, one space before and after each (searched with like).
create table vendor_advisory (
    id                   uuid primary key,
    tenant               text not null,
    feed_id              text not null,
    url                  text not null,
    tracking_id          text not null,
    version              text not null,
    title                text not null,
    publisher            text not null,
    category             text not null,
    tlp                  text,
    cves                 text not null,
    initial_release_date timestamptz not null,
    current_release_date timestamptz not null,
    document             bytea not null,
    sha256               text not null,
    signed_by            text not null,
    fetched_at           timestamptz not null,
    unique (tenant, feed_id, url)
);

create index vendor_advisory_newest on vendor_advisory (tenant, current_release_date desc, id);
