-- Referrals to remote partners (delivered by e-mail after the commit, then `delivered` or `failed`),
-- and referrals of one observable of an incident.
alter table referral drop constraint referral_state_check;
alter table referral
    alter column recipient drop not null,
    alter column recipient_incident drop not null,
    add column partner_id   uuid,
    add column partner_name varchar(200),
    add column observable   varchar(4096),
    add column delivery     varchar(16),
    add column failure      varchar(64),
    add column delivered_at timestamptz,
    add constraint referral_state_check
        check (state in ('REFERRED', 'ACCEPTED', 'DECLINED', 'DELIVERED', 'FAILED')),
    -- a referral goes to a CIRT of this platform, or to a remote partner: one of the two
    add constraint referral_one_recipient check ((recipient is null) <> (partner_id is null)),
    add constraint referral_remote_delivery check ((partner_id is null) = (delivery is null));
create index referral_partner on referral (tenant, partner_id);
