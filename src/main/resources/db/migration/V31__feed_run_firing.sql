-- The firing a scheduled run is for (its cron time), null for other triggers: a run may start a
-- little after its firing, and a firing the feed fell behind on is skipped, so the start time
-- alone does not say which firing a run served.
alter table feed_run add column scheduled_for timestamptz;
