-- The key store (ADR 40, docs/security.md#crypto-shredding): one data key per CIRT, wrapped by the
-- KEK. It is its own database, kept out of the system of record's backups, so that destroying a
-- CIRT's row here makes every copy of that CIRT's sealed columns unreadable, dumps taken before
-- included.
create table data_key (
    id         uuid primary key,
    tenant     text not null unique,
    wrapped    bytea not null,
    kek_id     text not null,
    created_at timestamptz not null default now()
);
