-- Signed heads of the audit trail (docs/audit.md, ADR 35): once a day and on demand, the head of each
-- CIRT's chain (its seq and hash) is written as a small canonical JSON statement and signed with the
-- CIRT's OpenPGP key. The statement's exact bytes are kept with the detached signature, so that an
-- export can hand out both and anyone can check them with gpg.
create table audit_head (
    id              bigserial    primary key,
    tenant          varchar(32)  not null,
    seq             bigint       not null,
    hash            char(64)     not null,
    signed_at       timestamptz  not null,
    statement       bytea        not null,
    signature       text         not null,
    key_fingerprint varchar(64)  not null,
    constraint audit_head_seq_positive check (seq > 0)
);

-- a head is signed once: two replicas signing at the same time cannot both store it
create unique index audit_head_chain_seq on audit_head (tenant, seq);

-- Insert-only, like audit_entry.
create function audit_head_insert_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_head is insert-only: % refused', tg_op using errcode = '42501';
end;
$$;

create trigger audit_head_no_update_or_delete
    before update or delete on audit_head
    for each row execute function audit_head_insert_only();

create trigger audit_head_no_truncate
    before truncate on audit_head
    for each statement execute function audit_head_insert_only();
