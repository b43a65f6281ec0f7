-- SQL functions of SQLite that the SQLite query builder writes into statements (db/postgres-executor.ts
-- runs that builder's SQL here). Defined first: the tables' created_at default uses unixepoch.
--
-- unixepoch(time_value): seconds since 1970-01-01 UTC, as SQLite's. 'subsec' (SQLite: now, with
-- milliseconds) keeps whole milliseconds, so `unixepoch('subsec') * 1000` is an exact bigint of
-- UTC milliseconds; 'now' (the default) whole seconds; any other value is read as a timestamp.
CREATE OR REPLACE FUNCTION unixepoch(time_value text DEFAULT 'now') RETURNS numeric
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT CASE time_value
    WHEN 'subsec' THEN floor(extract(epoch FROM clock_timestamp()) * 1000) / 1000
    WHEN 'now' THEN floor(extract(epoch FROM clock_timestamp()))
    ELSE floor(extract(epoch FROM time_value::timestamptz))
  END
$$;
