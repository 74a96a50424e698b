-- National CIRTs hosted on this platform. The short id is the tenant key that every other
-- row and every Elasticsearch document carries, and the value of the token's tenant claim.
create table tenant (
    id                varchar(32)  primary key,
    name              varchar(200) not null,
    country_code      char(2)      not null,
    contact_email     varchar(254) not null,
    constituency      text         not null default '',
    keycloak_group_id varchar(64),
    partner_client_id varchar(64),
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null,
    version           bigint       not null default 0,
    constraint tenant_id_format check (id ~ '^[a-z][a-z0-9-]{1,30}[a-z0-9]$'),
    constraint tenant_country_format check (country_code ~ '^[A-Z]{2}$')
);
