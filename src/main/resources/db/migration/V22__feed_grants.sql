-- A grant may share an indicator list: the indicators of one of the CIRT's own feeds, those the
-- feed adds later included (the default grant per feed, exchange.service.GrantService). A feed is
-- named by its id within the CIRT; object_id holds a name-based UUID of it, so that every grant
-- still names its object by one uuid. Who then sees the feed's indicators is decided at each read
-- from the active grants (ADR 29): nothing in Elasticsearch is rewritten when a grant changes.
alter table sharing_grant drop constraint sharing_grant_object_type_check;
alter table sharing_grant add constraint sharing_grant_object_type_check
    check (object_type in ('INCIDENT', 'ADVISORY', 'FEED'));
alter table sharing_grant add column feed varchar(64);
alter table sharing_grant add constraint sharing_grant_feed_names_a_feed
    check ((object_type = 'FEED') = (feed is not null));
create index sharing_grant_active_feeds on sharing_grant (tenant, feed)
    where object_type = 'FEED' and revoked_at is null;
