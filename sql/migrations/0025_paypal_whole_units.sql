-- PayPal refuses an amount with decimals in HUF, JPY and TWD (its error DECIMALS_NOT_SUPPORTED),
-- although ISO 4217 gives HUF and TWD two minor units. A PayPal payout in one of them is
-- therefore rounded, once, to whole units: the decimals a payout carries are those of the
-- currency as its channel takes it. Every other payout keeps its currency's minor units.
--
-- One home for that rule: compute_balances rounds with it, hold_amounts_out_of_range checks
-- with it, and snapshot_currencies records what it gave for PayPal in each run, so that the
-- files of a committed run are written with the decimals the run rounded to, however often
-- they are exported (as 0022 does for the minor units).
create function payout_decimals(method text, currency char(3), minor_units int)
returns int
language sql immutable parallel safe
as $$
    select case when method = 'paypal' and currency in ('HUF', 'JPY', 'TWD') then 0 else minor_units end
$$;

-- The decimals of this run's PayPal payouts in each currency (payout_decimals at the run).
alter table run_currencies add column paypal_decimals int;

-- Runs committed before rounded every channel to the currency's minor units.
update run_currencies set paypal_decimals = minor_units;

alter table run_currencies alter column paypal_decimals set not null;
alter table run_currencies add constraint run_currencies_paypal_decimals_check
    check (paypal_decimals between 0 and minor_units);
