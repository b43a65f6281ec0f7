-- The catalogue's version also changes with the province's settings (its due rule, tracking start) and
-- with the periods (closed, reopened): a chat turn works its deadlines and locks out from these rows,
-- and keeps them across turns while the version stays (db/repositories/catalogue-version.ts). Both are
-- written rarely, by a coordinator. Same trigger as 0003_catalogue_version, in the writer's transaction.
CREATE TRIGGER chitieu_catalogue_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "province_settings" FOR EACH STATEMENT EXECUTE FUNCTION chitieu_signals.bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER chitieu_catalogue_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "periods" FOR EACH STATEMENT EXECUTE FUNCTION chitieu_signals.bump_catalogue_version();
