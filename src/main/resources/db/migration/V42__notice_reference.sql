-- A reply to a notification names its reference: the notices keep it, so that the reply finds the
-- incidents whose events the notification carried.
alter table event_notice add column reference varchar(48);
create index event_notice_reference on event_notice (tenant, reference);
