-- What a feed run left out on purpose, counted by reason (comment, blank line, header, to_ids false,
-- not an indicator: identity, ...): {"comment": 12, "blank line": 3}. Not errors; see docs/feeds.md.
alter table feed_run add column skipped jsonb not null default '{}';
