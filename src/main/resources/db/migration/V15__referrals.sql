-- Referrals between CIRTs on this platform: one CIRT hands an incident (the parts it chooses) to
-- another, which gets an incident of its own in its queue, linked to the referral, and answers it.
create table referral (
    id                 uuid         primary key,
    tenant             varchar(32)  not null references tenant (id),
    incident_id        uuid         not null,
    recipient          varchar(32)  not null references tenant (id),
    recipient_incident uuid         not null,
    parts              text[]       not null default '{}',
    note               varchar(2000),
    state              varchar(16)  not null check (state in ('REFERRED', 'ACCEPTED', 'DECLINED')),
    created_by         varchar(150) not null,
    created_at         timestamptz  not null,
    answered_by        varchar(150),
    answered_at        timestamptz,
    constraint referral_not_to_itself check (recipient <> tenant)
);
create index referral_sender on referral (tenant, incident_id);
create index referral_recipient on referral (recipient, created_at);
