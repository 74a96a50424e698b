-- Four eyes on advisory publication (and, for the signing keys, nothing: they are checked in code).

-- Everyone who changed the content of the advisory since its last publication (the authors of the
-- version in the making): none of them may publish it, nor the one who submitted it for review,
-- unless the CIRT allows single-person publishing.
alter table advisory add column draft_editors text[] not null default '{}';
update advisory set draft_editors = case when published_version = 0 then array[created_by, updated_by] else array[updated_by] end
    where state <> 'PUBLISHED';

-- Per-CIRT advisory settings, changed by the CIRT admin. No row: the defaults (four eyes).
create table advisory_settings (
    tenant                   varchar(32)  primary key references tenant (id),
    single_person_publishing boolean      not null,
    updated_by               varchar(150) not null,
    updated_at               timestamptz  not null
);

-- Whether a version was published by one of its own authors under single-person publishing.
alter table advisory_version add column four_eyes_waived boolean not null default false;
