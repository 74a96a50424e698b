-- The audit trail (docs/audit.md): one row per change made through the API and per sensitive read
-- that leaves a CIRT, written in the same transaction as the change. Each CIRT's rows (and the
-- platform's, tenant null) form a hash chain: seq counts 1, 2, 3... without gaps, and each hash
-- covers the previous hash and a canonical encoding of the row.
create table audit_entry (
    id             bigserial    primary key,
    tenant         varchar(32),
    seq            bigint       not null,
    at             timestamptz  not null,
    actor          varchar(200) not null,
    roles          varchar(200) not null,
    action         varchar(120) not null,
    object_type    varchar(60),
    object_id      varchar(200),
    request_id     varchar(100) not null,
    source_address varchar(64)  not null,
    change_digest  char(64),
    prev_hash      char(64)     not null,
    hash           char(64)     not null,
    constraint audit_entry_seq_positive check (seq > 0)
);

-- one chain per CIRT, and one for the platform (tenant null)
create unique index audit_entry_chain_seq on audit_entry (coalesce(tenant, ''), seq);
create index audit_entry_chain_at on audit_entry (coalesce(tenant, ''), at);

-- Insert-only: the service may add rows, never change or remove them. A superuser can still
-- bypass this (session_replication_role = replica, or disabling the trigger); the hash chain is
-- what shows such an edit.
create function audit_entry_insert_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_entry is insert-only: % refused', tg_op using errcode = '42501';
end;
$$;

create trigger audit_entry_no_update_or_delete
    before update or delete on audit_entry
    for each row execute function audit_entry_insert_only();

create trigger audit_entry_no_truncate
    before truncate on audit_entry
    for each statement execute function audit_entry_insert_only();
