-- The job's settings as PostgreSQL reads them.

-- name: time_zone_offset
-- $1 time zone name. Its current UTC offset in seconds, when PostgreSQL lists it among its
-- IANA zone names (`pg_timezone_names`); no row otherwise. The job compares it with
-- Foundation's reading, so both sides count the as-of and the 30 days the same way.
select extract(epoch from utc_offset)::int as offset_seconds from pg_timezone_names where name = $1

-- name: check_client_connection
-- $1 interval ('1s'). While a statement runs, the server checks this often whether the job
-- is still connected, so a killed job's transaction and run lock end within a second
-- instead of when its statement would have finished (PostgreSQL 14+).
select set_config('client_connection_check_interval', $1, false)
