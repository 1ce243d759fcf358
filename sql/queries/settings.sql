-- The job's settings as PostgreSQL reads them.

-- name: time_zone_offset
-- $1 time zone name. Its UTC offset now, in seconds, as PostgreSQL reads the name (a name it
-- does not know fails with 22023). The job compares it with Foundation's reading, so both
-- sides count the as-of and the 30 days the same way. The same offset as the name's row in
-- `pg_timezone_names`, which would read every zone file of the system: 30 ms on each start.
select extract(epoch from (now() at time zone $1) - (now() at time zone 'UTC'))::int as offset_seconds

-- name: check_client_connection
-- $1 interval ('1s'). While a statement runs, the server checks this often whether the job
-- is still connected, so a killed job's transaction and run lock end within a second
-- instead of when its statement would have finished (PostgreSQL 14+).
select set_config('client_connection_check_interval', $1, false)
