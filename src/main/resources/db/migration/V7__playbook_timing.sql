-- What a pass spent building the incident's facts and evaluating conditions (actions excluded).
alter table playbook_run add column evaluation_micros bigint not null default 0;
