-- Least-privilege roles for production. Not applied by `payouts migrate`: a DBA runs this
-- once, as the owner of the schema, after the first migration (and sets the passwords).
--
--   payouts_job       the monthly job: reads the input and configuration tables, writes only
--                     its own tables (the open list `open_commissions` among them, 0009).
--   payouts_upstream  the systems that feed affiliates, commissions and exchange rates.
--   payouts_finance   people who edit configuration and read everything.
-- Idempotent: safe to run again after a new migration to grant on new tables.

do $$
begin
    if not exists (select from pg_roles where rolname = 'payouts_job') then
        create role payouts_job login;
    end if;
    if not exists (select from pg_roles where rolname = 'payouts_upstream') then
        create role payouts_upstream login;
    end if;
    if not exists (select from pg_roles where rolname = 'payouts_finance') then
        create role payouts_finance login;
    end if;
end
$$;

-- The job
grant select on currencies, affiliates, commissions, exchange_rates, payout_thresholds,
                excluded_products, debtor_accounts, bank_holidays, channel_limits, schema_migrations to payouts_job;
-- The open list (0009): settling and voiding delete from it, a reversal reopens into it.
grant select, insert, delete on open_commissions to payouts_job;
-- The open commissions' changes (0018): collect reads them, settle removes those it closes.
grant select, delete on open_commission_changes to payouts_job;
-- Accrual (migration 0003): reads the order input, adds commissions, records its decisions.
grant select on clicks, customers, orders, commission_tiers, commissions_with_order_refunds,
                tier_earning_commissions, exchange_rate_periods, run_accrual_outcomes to payouts_job;
grant insert on commissions to payouts_job;
grant select, insert, update, delete on accruals to payouts_job;
grant select, insert on order_decisions to payouts_job;
-- (its per-accrual and per-run working tables are temporary tables)
do $$ begin execute format('grant temporary on database %I to payouts_job', current_database()); end $$;
grant select, insert, update on payout_runs, run_affiliates to payouts_job;
grant select, insert on run_conversions, run_rates, run_totals, payout_items, voided_commissions, run_debtor_accounts,
                      run_currencies to payouts_job;

-- Upstream systems: input tables only; never the processor's tables. Inserting a commission
-- opens it (trigger `commissions_open_on_insert`, SECURITY DEFINER, 0009), and updating an
-- open commission or an order records the change (`commissions_changes_recorded`,
-- `orders_refund_changes_recorded`, SECURITY DEFINER, 0018): upstream needs no grant on
-- open_commissions or open_commission_changes.
grant select, insert (id, affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at),
      update (affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at)
    on commissions to payouts_upstream;
grant select, insert, update on affiliates, exchange_rates to payouts_upstream;
grant select, insert, update on clicks, customers, orders to payouts_upstream;
grant select on currencies to payouts_upstream;

-- Finance: configuration, and read access to everything for reconciliation.
grant select on all tables in schema public to payouts_finance;
grant insert, update, delete on payout_thresholds, excluded_products, debtor_accounts, exchange_rates,
                               bank_holidays, commission_tiers, channel_limits to payouts_finance;
grant insert, update on currencies to payouts_finance;

-- After the files (SPEC §9, migration 0005). The run reads returns, releases and open
-- re-credits, and settles re-credits; `sent`, `returns`, `release` and `reverse` run with the
-- same account (reversal removes an unsent run's rows, so it needs delete on them).
grant select on payout_file_sends, return_imports, payout_returns, recredits, recredit_settlements,
                payout_releases, reversed_runs, reversed_payout_items, reversed_recredit_settlements,
                open_recredits, returned_unreleased, payout_states to payouts_job;
grant insert on payout_file_sends, return_imports, payout_returns, recredits, recredit_settlements,
                payout_releases, reversed_runs, reversed_payout_items, reversed_recredit_settlements to payouts_job;
grant delete on recredit_settlements, payout_items, run_conversions, run_rates, voided_commissions, run_debtor_accounts,
                run_totals, run_currencies, run_affiliates, payout_runs to payouts_job;
