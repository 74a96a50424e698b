-- A CIRT that left the installation (docs/portability.md, ADR 39): its rows are deleted, and its
-- tenant row stays as a tombstone (id, name, country; no contact, no Keycloak group), because what
-- others keep of their exchange with it (the referrals they got, the incidents they adopted, their
-- partner entry for it) still names it. A tombstoned id is not onboarded again; the CIRT's own
-- archive imports into it.
alter table tenant add column offboarded_at timestamptz;

-- The audit trail stays insert-only, with one exception: the trail of a CIRT that was offboarded
-- (its tenant row is a tombstone) is deleted with the rest of its rows. The CIRT took it with its
-- archive; the platform's chain records the offboarding.
create or replace function audit_entry_insert_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and exists (select 1 from tenant where id = old.tenant and offboarded_at is not null) then
        return old;
    end if;
    raise exception 'audit_entry is insert-only: % refused', tg_op using errcode = '42501';
end;
$$;

create or replace function audit_head_insert_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and exists (select 1 from tenant where id = old.tenant and offboarded_at is not null) then
        return old;
    end if;
    raise exception 'audit_head is insert-only: % refused', tg_op using errcode = '42501';
end;
$$;

-- The timeline, append-only for everyone but retention (V29), goes with an offboarded CIRT too.
create or replace function timeline_entry_append_only() returns trigger language plpgsql as $$
begin
    if current_setting('opencirt.retention', true) = 'on' then
        return case when tg_op = 'DELETE' then old else new end;
    end if;
    if tg_op = 'DELETE' and exists (select 1 from tenant where id = old.tenant and offboarded_at is not null) then
        return old;
    end if;
    raise exception 'timeline_entry is append-only';
end;
$$;
