-- Advisories (CSAF 2.0), their published versions, and each CIRT's OpenPGP signing keys.

-- OpenPGP v4 keys of each CIRT. Exactly one is active (signs new versions); retired keys stay
-- published so that what they signed keeps verifying. The private key ring is stored encrypted
-- with AES-256-GCM under the key-encryption key (opencirt.signing.kek), identified by kek_id.
create table advisory_signing_key (
    id                  uuid         primary key,
    tenant              varchar(32)  not null references tenant (id),
    fingerprint         varchar(64)  not null unique,
    signing_fingerprint varchar(64)  not null,
    algorithm           varchar(20)  not null,
    origin              varchar(12)  not null,
    created_at          timestamptz  not null,
    expires_at          timestamptz  not null,
    retired_at          timestamptz,
    active              boolean      not null,
    public_key          text         not null,
    private_key         bytea        not null,
    kek_id              varchar(16)  not null
);
create unique index advisory_signing_key_one_active on advisory_signing_key (tenant) where active;
create index advisory_signing_key_tenant on advisory_signing_key (tenant, created_at);

-- An advisory: its working draft (a CSAF document, JSON text) and where its workflow stands.
create table advisory (
    id                   uuid         primary key,
    tenant               varchar(32)  not null references tenant (id),
    tracking_id          varchar(200) not null,
    state                varchar(12)  not null,
    title                varchar(500) not null,
    tlp                  varchar(8)   not null,
    document             text         not null,
    published_version    integer      not null default 0,
    initial_release_date timestamptz,
    created_by           varchar(150) not null,
    updated_by           varchar(150) not null,
    submitted_by         varchar(150),
    created_at           timestamptz  not null,
    updated_at           timestamptz  not null,
    version              bigint       not null,
    constraint advisory_tracking_unique unique (tenant, tracking_id)
);
create index advisory_tenant_updated on advisory (tenant, updated_at desc);

-- A published version: the exact bytes that were signed, the signature and the digests.
-- Immutable: the trigger refuses updates and deletes.
create table advisory_version (
    id                   uuid         primary key,
    advisory_id          uuid         not null references advisory (id),
    tenant               varchar(32)  not null,
    number               integer      not null,
    tracking_id          varchar(200) not null,
    title                varchar(500) not null,
    tlp                  varchar(8)   not null,
    path                 varchar(300) not null,
    document             bytea        not null,
    signature            text         not null,
    sha256               varchar(64)  not null,
    sha512               varchar(128) not null,
    key_fingerprint      varchar(64)  not null,
    initial_release_date timestamptz  not null,
    current_release_date timestamptz  not null,
    submitted_by         varchar(150),
    published_by         varchar(150) not null,
    constraint advisory_version_unique unique (advisory_id, number)
);
create index advisory_version_directory on advisory_version (tenant, tlp, current_release_date desc);
create index advisory_version_path on advisory_version (tenant, path, number desc);

create function advisory_version_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'advisory_version is immutable: a published version never changes';
end;
$$;
create trigger advisory_version_immutable before update or delete on advisory_version
    for each row execute function advisory_version_immutable();
