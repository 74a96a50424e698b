-- E-mail replies thread by an unguessable token per incident (ADR 0012), not by the sequential
-- reference. The token is kept so that every outgoing mail can carry it; it is looked up by its
-- SHA-256, computed by PostgreSQL, so a lookup's timing depends on a hash, never on the token.
-- The default (evaluated per row, so existing incidents each get their own) is 128 bits from two
-- random UUIDs (gen_random_uuid is built in, no extension); the service sets its own on insert,
-- and a raw insert (the benchmark's floor) still gets one.
alter table incident add column reply_token varchar(32) not null
    default encode(substring(sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())) from 1 for 16), 'hex');
alter table incident add column reply_token_sha256 bytea
    generated always as (sha256(reply_token::bytea)) stored;
create unique index incident_reply_token on incident (tenant, reply_token_sha256);

-- Answers kept for Idempotency-Key replays never hold a public report's status token: only its
-- SHA-256 (hex), like the incident itself. Rows written before this version are converted.
update idempotency_key
set body = ((body::jsonb - 'statusToken')
        || jsonb_build_object('statusTokenSha256', encode(sha256(convert_to(body::jsonb ->> 'statusToken', 'UTF8')), 'hex')))::text
where body like '%"statusToken"%' and jsonb_typeof(body::jsonb) = 'object'
  and jsonb_typeof(body::jsonb -> 'statusToken') = 'string';
