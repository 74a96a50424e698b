-- A remote partner's Keycloak client (its secret is shown once at creation and never stored).
alter table partner add column client_id varchar(100);
