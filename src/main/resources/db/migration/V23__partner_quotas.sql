-- Per-partner quotas (issue 15): a CIRT admin may give one partner its own limits on the exchange's
-- requests per minute and objects per day; null keeps the platform's defaults (opencirt.exchange.*).
alter table partner
    add column requests_per_minute integer check (requests_per_minute > 0),
    add column objects_per_day     bigint  check (objects_per_day > 0);

-- a counter's name now carries the partner it counts for ("exchange-objects:<uuid>")
alter table usage_counter alter column counter type varchar(64);
