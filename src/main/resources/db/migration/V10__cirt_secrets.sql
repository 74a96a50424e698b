-- Each CIRT's named secrets (feed credentials, webhook keys), written through the API and never
-- read back by it. The value is encrypted with AES-256-GCM under the key-encryption key
-- (opencirt.signing.kek, identified by kek_id), bound to (tenant, name) as associated data, so a
-- ciphertext moved to another CIRT or name does not decrypt.
create table cirt_secret (
    id           uuid         primary key,
    tenant       varchar(32)  not null references tenant (id),
    name         varchar(64)  not null,
    ciphertext   bytea        not null,
    kek_id       varchar(16)  not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    last_used_at timestamptz,
    constraint cirt_secret_name unique (tenant, name)
);

-- A feed run's error is a short code and a sanitised message. Errors recorded before could hold
-- response bodies, header values or file content: their text is dropped.
alter table feed_run add column error_code varchar(40);
update feed_run set error_code = 'legacy', error = 'Recorded before run errors were sanitised; the text was removed.'
    where error is not null;
