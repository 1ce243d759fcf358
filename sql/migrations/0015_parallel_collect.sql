-- Collect (sql/queries/run.sql) reads the open list and the commissions with parallel
-- workers where the server has them. PostgreSQL plans no parallel query that calls a function
-- not declared parallel safe; commission_matured reads nothing but its arguments (and the
-- session's time zone, which workers inherit), so it is.
alter function commission_matured(timestamptz, timestamptz) parallel safe;
