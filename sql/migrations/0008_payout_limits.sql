-- Limits that keep every committed run exportable (issue 13): whatever a file or Swift's
-- Decimal cannot carry is held before the commit, never paid and then found unwritable.

-- The payout-amount limit, in one place: at most 18 digits, integer and decimals together,
-- written with the currency's minor units (pain.001 `InstdAmt` and `CtrlSum`; the same bound
-- for PayPal and prepaid amounts). PayoutCore's `PayoutLimits.amountInRange` is the same rule;
-- a test runs both over the boundaries. `hold_amounts_out_of_range` (queries/limits.sql)
-- applies it to each payout and to each bank file's control sum.
create function payout_amount_in_range(amount numeric, minor_units int)
returns boolean
language sql immutable
as $$
    select amount is not null and minor_units between 0 and 17
       and abs(amount) < power(10::numeric, 18 - minor_units)
$$;

-- The scale of informational values (each commission's converted amount in payout_items):
-- the statement shows 6 decimals (`StatementCSV.convertedDecimals`), so storing exactly those
-- loses nothing shown and keeps every value within Decimal's 38 digits. The payout itself is
-- the rounded sum of the exact subtotals (compute_balances), not a sum of these.
create function informational_amount(value numeric)
returns numeric
language sql immutable
as $$
    select round(value, 6)
$$;

-- Exchange rates the run can carry: between 10^-12 and 10^12 with at most 18 decimals, so a
-- converted commission (numeric(18,4) times the rate, or divided by it) and the rate shown
-- in the statement and report always fit in Decimal. NOT VALID: rows already there are not
-- rechecked (a wrong rate of the past stays as it was recorded); new and changed rows are.
alter table exchange_rates
    add constraint exchange_rates_rate_in_range
    check (rate >= 0.000000000001 and rate <= 1000000000000 and scale(rate) <= 18) not valid;
