-- Feed ids are scoped per CIRT: two CIRTs may each have a feed "partner-list", and creating one
-- never tells a CIRT which ids another CIRT holds. Platform feeds (threat-feeds/*.yaml) are not
-- stored here; in runs and state their tenant is null.
alter table feed_run add column tenant varchar(32);
update feed_run r set tenant = f.tenant from feed f where f.id = r.feed_id;
drop index feed_run_feed;
create index feed_run_feed on feed_run (tenant, feed_id, started_at desc);
-- what the concurrency quota counts: a CIRT's runs going now
create index feed_run_going on feed_run (tenant) where status = 'running';

alter table feed_state add column tenant varchar(32);
update feed_state s set tenant = f.tenant from feed f where f.id = s.feed_id;
alter table feed_state drop constraint feed_state_pkey;
alter table feed_state add column id uuid not null default gen_random_uuid() primary key;
alter table feed_state add constraint feed_state_feed unique nulls not distinct (tenant, feed_id);

alter table feed alter column tenant set not null;
alter table feed drop constraint feed_pkey;
alter table feed add primary key (tenant, id);

-- Fair use: what each CIRT used in a window (fetched bytes per day, webhook calls per minute).
-- One row per CIRT, counter and window, raised by an upsert, so that every replica counts in
-- the same place.
create table usage_counter (
    tenant       varchar(32) not null,
    counter      varchar(32) not null,
    window_start timestamptz not null,
    amount       bigint      not null,
    primary key (tenant, counter, window_start)
);
