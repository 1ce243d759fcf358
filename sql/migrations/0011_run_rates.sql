-- The run's narrow writes (issue 9). A run used to write one `run_conversions` row per
-- affiliate and source currency (388,428 rows at a million commissions) and a converted
-- amount on every ledger row; the rate it applied is the same for every affiliate with the
-- same source and account currency. From now on a run records:
-- - `run_rates`: one row per source and account currency (a handful per run): the rate, its
--   direction and how many affiliates it converted;
-- - the payout's account currency on each ledger row (`payout_items.account_currency`), so the
--   statement's converted amount is derived at export from the ledger and `run_rates` with
--   `informational_amount(convert_amount(...))`, the same expression runs stored since 0008;
-- - `run_affiliates.new_attention`, decided once by finish_run with `needs_new_attention`
--   instead of being re-evaluated for every entry at every export.
-- Runs committed before this migration keep what they stored (converted amounts, a null
-- new_attention): the export reads the stored value first, so their files stay byte-identical.

create table run_rates (
    run_id           bigint not null references payout_runs (id),
    source_currency  char(3) not null,
    account_currency char(3) not null,
    rate             numeric check (rate > 0),   -- null: no rate was found (the affiliates are held)
    inverse          boolean not null,           -- true: the rate was quoted account→source
    affiliates       int not null,               -- affiliates whose subtotal it converted
    primary key (run_id, source_currency, account_currency)
);

-- Runs before this migration: their one rate per pair, from their conversions. A pair with two
-- different rates in one run would violate the primary key and stop the migration (it cannot
-- happen: compute_balances always chose one rate per pair).
insert into run_rates (run_id, source_currency, account_currency, rate, inverse, affiliates)
select rc.run_id, rc.source_currency, ra.currency, rc.rate, coalesce(rc.inverse, false), count(*)
from run_conversions rc
join run_affiliates ra on ra.run_id = rc.run_id and ra.affiliate_id = rc.affiliate_id
where rc.source_currency <> ra.currency
group by rc.run_id, rc.source_currency, ra.currency, rc.rate, coalesce(rc.inverse, false);

alter table payout_items add column account_currency char(3);
update payout_items pi set account_currency = ra.currency
from run_affiliates ra
where ra.run_id = pi.run_id and ra.affiliate_id = pi.affiliate_id;
alter table payout_items alter column account_currency set not null;
-- Stored by runs before this migration (and read first by the export); new runs leave it null.
alter table payout_items alter column converted_amount drop not null;

-- A reversed run's ledger rows keep the same shape.
alter table reversed_payout_items add column account_currency char(3);
update reversed_payout_items rp set account_currency = (r.ra ->> 'currency')
from (select rr.run_id, jsonb_array_elements(rr.affiliates) as ra from reversed_runs rr) r
where r.run_id = rp.run_id and (r.ra ->> 'affiliate_id')::bigint = rp.affiliate_id;
alter table reversed_payout_items alter column converted_amount drop not null;

-- Null on runs before this migration (the export then asks needs_new_attention, as before).
alter table run_affiliates add column new_attention boolean;

-- The maturity rule, in its new place (same rule as 0009's matured_open_commissions): a
-- commission whose order is 30 calendar days old at `as_of`, in the session's time zone. The
-- run now reads the open list once (collect_open_commissions, run.sql) and decides each
-- commission's void reason and maturity in that pass. One SQL expression, not STRICT: the
-- planner inlines it.
drop function matured_open_commissions(timestamptz);
create function commission_matured(ordered_at timestamptz, as_of timestamptz)
returns boolean
language sql stable
as $$
    select ordered_at <= as_of and ordered_at + interval '30 days' <= as_of
$$;
