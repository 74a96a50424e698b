-- The indicators a STIX import wrote (TAXII inbox, uploads), kept in PostgreSQL: Elasticsearch holds them for
-- search, but unlike a feed's, nothing could fetch them again once an index is lost or replaced (ADR 26, addendum).
create table imported_indicator (
    import_id    uuid         not null references stix_import (id) on delete cascade,
    indicator_id varchar(64)  not null,
    tenant       varchar(32)  not null references tenant (id),
    -- the source statement as written (indicator.model.Indicator, JSON)
    statement    jsonb        not null,
    expires_at   timestamptz  not null,
    primary key (import_id, indicator_id)
);
create index imported_indicator_expiry on imported_indicator (expires_at);
