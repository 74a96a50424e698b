-- Crypto-shredding (ADR 40): a CIRT's incident text, reporters' personal data, comments, task
-- titles, timeline values and attachments are sealed under the CIRT's data key, which lives in the
-- key store, not here. Sealed texts mark themselves (they start with "ocs1:"); an attachment's bytes
-- cannot, so the row says whether they are sealed. Rows written before this version read as they
-- are until the service seals them (LegacySealing, in the background at every start).
alter table attachment add column sealed boolean not null default false;

-- A sealed value is longer than its plaintext (a third more, and 60 characters); the API bounds the
-- plaintext (title 300 characters, a reporter's name 200, ...), so these columns bound nothing any more.
alter table incident alter column title type text,
    alter column reporter_name type text,
    alter column reporter_email type text,
    alter column reporter_org type text;
alter table incident_task alter column title type text;
alter table attachment alter column filename type text;
