-- Benchmark only, on a throwaway copy (scripts/benchmark, never production): the paid history
-- forgotten, so that a month can be timed on the same open commissions with and without the
-- months before it. Gone: every run with its records, ledger, voided commissions and files,
-- and the commissions those runs settled. Left: what a first run would find, the open list
-- and its commissions, the affiliates and the configuration.
\set ON_ERROR_STOP on
begin;
truncate payout_runs, run_affiliates, run_rates, run_totals, run_debtor_accounts, run_currencies, run_conversions,
         payout_items, voided_commissions, payout_file_sends, recredit_settlements,
         reversed_runs, reversed_payout_items, reversed_recredit_settlements,
         payout_returns, payout_releases, recredits, return_imports;
delete from commissions c where not exists (select 1 from open_commissions o where o.commission_id = c.id);
commit;
vacuum analyze;
