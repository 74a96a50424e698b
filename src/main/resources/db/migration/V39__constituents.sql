-- The constituent directory: the organisations a CIRT serves (an ISP, a university, a ministry),
-- each with its networks, ASNs, domains and products (constituency entries) and its abuse contacts.
create table constituent (
    id          uuid         primary key,
    tenant      varchar(32)  not null references tenant (id),
    name        varchar(200) not null,
    country     varchar(2),
    -- where it came from: manual, rpsl or rdap (a registry import), label (from an entry's label)
    source      varchar(8)   not null,
    -- the registry's handle (an organisation's or a network's), so that a second import updates
    registry_key varchar(100),
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    constraint constituent_name unique (tenant, name)
);
create unique index constituent_registry_key on constituent (tenant, registry_key) where registry_key is not null;

-- An entry belongs to one constituent, or to none (the CIRT's own, notified to no one).
alter table constituency_entry add column constituent_id uuid references constituent (id);
create index constituency_entry_constituent on constituency_entry (constituent_id);

-- Who hears about a constituent's hosts: abuse contacts with their language, format, key and rhythm.
create table constituent_contact (
    id             uuid         primary key,
    tenant         varchar(32)  not null references tenant (id),
    constituent_id uuid         not null references constituent (id),
    email          varchar(254) not null,
    language       varchar(2)   not null,     -- en | fr | ar
    format         varchar(8)   not null,     -- csv | json
    cadence        varchar(12)  not null,     -- immediate | daily | weekly
    openpgp_key    text,                      -- an ASCII-armored public key: notifications are encrypted to it
    openpgp_fingerprint varchar(64),
    bounced_at     timestamptz,
    bounce_reason  varchar(300),
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null,
    constraint constituent_contact_unique unique (constituent_id, email)
);
create index constituent_contact_tenant on constituent_contact (tenant);

-- Each labelled entry of today becomes its label's constituent: the label named who it was.
insert into constituent (id, tenant, name, source, created_at, updated_at)
select gen_random_uuid(), tenant, left(label, 200), 'label', min(created_at), min(created_at)
  from constituency_entry
 where label is not null and btrim(label) <> ''
 group by tenant, left(label, 200);
update constituency_entry e
   set constituent_id = c.id
  from constituent c
 where c.tenant = e.tenant and c.name = left(e.label, 200) and e.label is not null and btrim(e.label) <> '';
