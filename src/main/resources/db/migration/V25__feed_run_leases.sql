-- A running feed run is a lease on its feed, held in PostgreSQL so that every replica sees it:
-- at most one run per feed is 'running' (the unique index), and the replica running it renews
-- heartbeat_at. A run whose heartbeat is older than the lease (its replica was killed) is marked
-- 'abandoned' by any replica, which frees the feed for the next firing.
alter table feed_run add column heartbeat_at timestamptz;
-- which replica recorded the run (its host name and process id), for operators
alter table feed_run add column holder varchar(100);
update feed_run set heartbeat_at = coalesce(finished_at, started_at);
alter table feed_run alter column heartbeat_at set not null;

-- Runs that an earlier version left 'running' twice for one feed: only the newest can still be going.
update feed_run r set status = 'abandoned', error_code = 'abandoned',
       error = 'Another run of the same feed was recorded as running after it; its replica stopped without recording its end.',
       finished_at = r.started_at
 where r.status = 'running'
   and exists (select 1 from feed_run n
                where n.status = 'running' and n.feed_id = r.feed_id and n.tenant is not distinct from r.tenant
                  and (n.started_at, n.id) > (r.started_at, r.id));
-- The ones left get a fresh heartbeat: if their replica is gone, the lease expires and they are abandoned.
update feed_run set heartbeat_at = now() where status = 'running';

create unique index feed_run_one_running on feed_run (coalesce(tenant, ''), feed_id) where status = 'running';
