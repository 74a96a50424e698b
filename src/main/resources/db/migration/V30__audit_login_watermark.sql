-- How far the audit trail has imported Keycloak's login events (docs/audit.md, "Logins"): the time of
-- the newest imported event, and the ids of the events imported at exactly that millisecond (the next
-- import asks Keycloak from that millisecond on, inclusive, and skips those). One row; it moves in the
-- same transaction as the entries it accounts for.
create table audit_login_watermark (
    id          smallint primary key default 1 check (id = 1),
    last_millis bigint   not null,
    last_ids    text[]   not null
);
