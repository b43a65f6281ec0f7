-- The catalogue's version across instances (issue 11; db/repositories/catalogue-version.ts): what a
-- person is assigned is cached per process while this number stays the same. Every statement that
-- writes a watched table bumps it, in the writer's own transaction: other instances see the new number
-- when (and only when) the write commits; a rollback takes the bump back, and since the number comes
-- from a sequence (never handed out twice, rollbacks included) a stamp once served never returns.
-- A schema of its own: a signal between instances, not province data (not in db/schema-pg.ts, not copied).
CREATE SCHEMA IF NOT EXISTS chitieu_signals;
--> statement-breakpoint
CREATE SEQUENCE chitieu_signals.catalogue_writes;
--> statement-breakpoint
CREATE TABLE chitieu_signals.catalogue_version (id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
--> statement-breakpoint
INSERT INTO chitieu_signals.catalogue_version (id, version) VALUES (1, nextval('chitieu_signals.catalogue_writes'));
--> statement-breakpoint
CREATE FUNCTION chitieu_signals.bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE chitieu_signals.catalogue_version SET version = nextval('chitieu_signals.catalogue_writes') WHERE id = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER chitieu_catalogue_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "plans" FOR EACH STATEMENT EXECUTE FUNCTION chitieu_signals.bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER chitieu_catalogue_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "indicators" FOR EACH STATEMENT EXECUTE FUNCTION chitieu_signals.bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER chitieu_catalogue_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "targets" FOR EACH STATEMENT EXECUTE FUNCTION chitieu_signals.bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER chitieu_catalogue_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tasks" FOR EACH STATEMENT EXECUTE FUNCTION chitieu_signals.bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER chitieu_catalogue_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "units" FOR EACH STATEMENT EXECUTE FUNCTION chitieu_signals.bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER chitieu_catalogue_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "people" FOR EACH STATEMENT EXECUTE FUNCTION chitieu_signals.bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER chitieu_catalogue_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "person_roles" FOR EACH STATEMENT EXECUTE FUNCTION chitieu_signals.bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER chitieu_catalogue_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "assignments" FOR EACH STATEMENT EXECUTE FUNCTION chitieu_signals.bump_catalogue_version();
