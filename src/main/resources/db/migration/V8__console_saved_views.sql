-- Saved views of the console's incident queue: an analyst's named filter sets, per CIRT and login.
-- The query is the queue's own query string (filters and sort, never a cursor), built by the console.
create table console_saved_view (
    id         uuid         primary key,
    tenant     varchar(32)  not null references tenant (id),
    owner      varchar(100) not null,
    name       varchar(100) not null,
    query      varchar(4000) not null,
    created_at timestamptz  not null,
    constraint console_saved_view_name unique (tenant, owner, name)
);
create index console_saved_view_owner on console_saved_view (tenant, owner);
