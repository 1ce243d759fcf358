-- A payee detail (IBAN, address line, PayPal e-mail, prepaid account) as the run records and
-- checks it: without the spaces around it, and absent when nothing is left. One home for
-- what compute_balances records in run_affiliates (and calls missing_payout_details) and what
-- the payee checks validate, on their own connection, in the run's snapshot
-- (payees_in_snapshot, sql/queries/payees.sql). One `select` expression, immutable and not
-- STRICT: inlined into the statements that call it.
create function payee_detail(value text)
returns text
language sql immutable parallel safe
as $$
    select nullif(btrim(value), '')
$$;
