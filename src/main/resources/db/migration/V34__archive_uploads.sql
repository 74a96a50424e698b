-- An archive uploaded in parts (docs/portability.md): a CIRT's archive is larger than one request may
-- be, so the platform admin sends it in numbered parts, then imports the upload. The parts are kept
-- here, not on one replica's disk, so that any replica takes any part. An upload is deleted once
-- imported, and at the latest when it expires.
create table archive_upload (
    id         uuid primary key,
    created_by text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null
);

create table archive_upload_part (
    upload_id uuid not null references archive_upload (id) on delete cascade,
    number    int not null check (number between 1 and 100000),
    content   bytea not null,
    primary key (upload_id, number)
);
