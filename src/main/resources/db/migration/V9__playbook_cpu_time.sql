-- The CPU time of the same work as evaluation_micros (that one is wall time, which on a busy
-- machine includes waiting for a core).
alter table playbook_run add column evaluation_cpu_micros bigint not null default 0;
