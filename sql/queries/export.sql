-- Reading a committed (or, in a dry run, uncommitted) run back for its files and for
-- `payouts status`. Everything a file contains comes from the run's own records, never from
-- the clock or from tables finance may edit later, so a re-export is byte-identical.
-- The session time zone must be the run's (the job sets it) for the formatted timestamps.

-- name: use_run_time_zone
-- $1 run id. Timestamps in files are formatted in the run's own time zone.
select set_config('TimeZone', time_zone, false) from payout_runs where id = $1

-- name: run_header
-- $1 run id
select r.id, r.token::text as token, r.month, r.time_zone,
       to_char(r.as_of, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM') as as_of,
       to_char(r.created_at, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM') as created_at,
       -- runs made before execution dates were stored keep the run's date
       coalesce(to_char(r.execution_date, 'YYYY-MM-DD'), to_char(r.created_at, 'YYYY-MM-DD')) as execution_date,
       r.attention_count, r.new_attention_count
from payout_runs r where r.id = $1

-- name: paid_channels
-- $1 run id: one row per channel and currency that has paid payouts (the run's totals, 0016),
-- with the decimals its payouts were rounded to (PayPal's may be fewer, 0025)
select t.method, t.currency, case when t.method = 'paypal' then cu.paypal_decimals else cu.minor_units end as minor_units,
       t.affiliates as payouts, t.amount as total
from run_totals t join run_currencies cu on cu.run_id = t.run_id and cu.code = t.currency
where t.run_id = $1 and t.outcome = 'paid'
order by t.method, t.currency

-- name: debtor_account
-- $1 run id, $2 currency
-- execution_date: the bank business day of the transfers (null on runs made before it was stored)
select currency, name, iban, bic, street, building_number, postcode, town, country,
       to_char(execution_date, 'YYYY-MM-DD') as execution_date
from run_debtor_accounts where run_id = $1 and currency = $2

-- name: prepare_export_lane
-- One export lane (RunExporter.inSnapshot), local to its transaction: no parallel workers. The
-- lanes already run side by side, one connection each; a worker would only take a core from
-- another lane, and start (and hand rows over) at a cost of its own.
select set_config('max_parallel_workers_per_gather', '0', true)

-- name: set_export_scope
-- $1 run id, $2 currency ('' when none), $3 the run's payout reference prefix ("AP202612-",
-- from PayoutIdentifiers: the reference is the prefix and the affiliate id). COPY takes no
-- parameters, so the `*_file` statements read these settings (local to the transaction),
-- each through a scalar subquery, `(select current_setting(...))`: worked out once per
-- statement, where a bare current_setting() in a filter is looked up and parsed again for
-- every row scanned (about 35 ms of the statement's 500,000 ledger rows at 1M).
select set_config('payouts.export_run', $1::text, true),
       set_config('payouts.export_currency', $2, true),
       set_config('payouts.export_reference_prefix', $3, true)

-- name: bank_transfers_file
-- The run and currency of set_export_scope. Every paid IBAN payout of the currency, by
-- affiliate, with the payee details of the run, for the pain.001 writer (which transliterates
-- and escapes them). The amount exact with at least the currency's decimals: the writer
-- refuses any other number of decimals. The channel files look the currency's decimals up
-- once per statement, not once per payout (a join the planner made an index probe a row).
select ra.affiliate_id, decimal_text(ra.amount, cu.minor_units) as amount, ra.creditor_name, ra.iban, ra.bic,
       ra.street, ra.building_number, ra.postcode, ra.town, ra.country
from run_affiliates ra
cross join (select minor_units from run_currencies where run_id = (select current_setting('payouts.export_run')::bigint)
                                                and code = (select current_setting('payouts.export_currency')::bpchar)) cu
where ra.run_id = (select current_setting('payouts.export_run')::bigint) and ra.status = 'paid' and ra.method = 'iban'
  and ra.currency = (select current_setting('payouts.export_currency')::bpchar)
order by ra.affiliate_id

-- name: paypal_file
-- The run and currency of set_export_scope. Every paid PayPal payout of the currency, by
-- affiliate: receiver and amount (exact, at least the decimals the run rounded PayPal payouts
-- of the currency to, 0025; the writer refuses any other number of decimals), which
-- PayPal.csvRow and PayPal.apiItem render.
select ra.affiliate_id, ra.paypal_email, decimal_text(ra.amount, cu.minor_units) as amount
from run_affiliates ra
cross join (select paypal_decimals as minor_units from run_currencies where run_id = (select current_setting('payouts.export_run')::bigint)
                                                and code = (select current_setting('payouts.export_currency')::bpchar)) cu
where ra.run_id = (select current_setting('payouts.export_run')::bigint) and ra.status = 'paid' and ra.method = 'paypal'
  and ra.currency = (select current_setting('payouts.export_currency')::bpchar)
order by ra.affiliate_id

-- name: prepaid_file
-- The run and currency of set_export_scope. Every paid prepaid credit of the currency, by
-- affiliate: the prepaid CSV line as PrepaidCSV.row writes it (account, amount, currency,
-- payout reference, affiliate id; CRLF included), and account and amount for the writer's
-- checks (amount exact with at least the currency's decimals; the writer refuses any other).
select ra.affiliate_id, ra.prepaid_account, decimal_text(ra.amount, cu.minor_units) as amount,
       csv_cell(ra.prepaid_account)
    || ',' || decimal_text(ra.amount, cu.minor_units) || ',' || ra.currency
    || ',' || (select current_setting('payouts.export_reference_prefix')) || ra.affiliate_id::text
    || ',' || ra.affiliate_id::text || E'\r\n' as line
from run_affiliates ra
cross join (select minor_units from run_currencies where run_id = (select current_setting('payouts.export_run')::bigint)
                                                and code = (select current_setting('payouts.export_currency')::bpchar)) cu
where ra.run_id = (select current_setting('payouts.export_run')::bigint) and ra.status = 'paid' and ra.method = 'prepaid'
  and ra.currency = (select current_setting('payouts.export_currency')::bpchar)
order by ra.affiliate_id

-- name: statement_file
-- The run of set_export_scope. One row per paid commission, in file order, for the
-- statement.csv line `StatementCSV.append` lays out: the numbers as `numeric` text (the
-- writer drops trailing zeros down to the decimals each column keeps), the converted amount
-- rounded half away from zero to 6 decimals here; the rate as "account currency per source
-- currency" (an inverse quote as its reciprocal, to 10 decimals). The program lays the line
-- out, not SQL: that halves the server's part of the export's longest file.
-- The currencies' decimals are not joined here (two joins per commission): the writer looks
-- them up in `currency_decimals`, read once.
select s.affiliate_id, s.order_ref, s.amount::text, s.currency,
       statement_rate(s.rate, s.inverse)::text,
       round(coalesce(s.converted_amount,
                      informational_amount(convert_amount(s.amount, s.currency = s.account_currency, s.rate, coalesce(s.inverse, false)))),
             6)::text,
       s.account_currency
from (
    -- The rate is the run's for the pair (run_rates, 0011). The converted amount is the one a
    -- run before 0011 stored, else derived from the ledger row and that rate as those runs
    -- stored it. Sorted before the rate and the amounts are worked out and turned into text:
    -- the sort then moves the narrow ledger columns, not the wide text ones.
    select pi.affiliate_id, pi.commission_id, pi.order_ref, pi.amount, pi.currency, pi.converted_amount,
           rr.rate, rr.inverse, pi.account_currency
    from payout_items pi
    left join run_rates rr on rr.run_id = pi.run_id and rr.source_currency = pi.currency and rr.account_currency = pi.account_currency
    where pi.run_id = (select current_setting('payouts.export_run')::bigint)
    order by pi.affiliate_id, pi.commission_id
) s
-- the subquery's order: PostgreSQL keeps it and does not sort again
order by s.affiliate_id, s.commission_id

-- name: currency_decimals
-- $1 run id. Every currency's decimals (minor units) as the run rounded with them (0022), for
-- the rows of statement.csv and report.json (a paid entry takes its channel's, paid_channels).
select code, minor_units::bigint as minor_units from run_currencies where run_id = $1

-- name: recredit_lines
-- $1 run id: the returned payouts whose re-credits this run paid (settle_recredits), for
-- its statement lines and report.json `recredits`; affiliate order, as statement_file. A
-- re-credit in another currency than the account's (changed since the return) was converted
-- with the run's rate of its pair: that rate (as statement_file writes it) and the exact
-- converted amount; null for one in the account currency.
select p.affiliate_id, p.reference, p.status, p.reason_code, c.amount, c.currency, cu.minor_units,
       pr.month as returned_from,
       case when c.currency <> ra.currency then statement_rate(rr.rate, rr.inverse) end as rate,
       case when c.currency <> ra.currency then convert_amount(c.amount, false, rr.rate, rr.inverse) end as converted,
       ra.currency as account_currency, acu.minor_units as account_minor_units
from recredit_settlements s
join recredits c on c.id = s.recredit_id
join run_currencies cu on cu.run_id = s.run_id and cu.code = c.currency
join payout_returns p on p.id = c.return_id
join payout_runs pr on pr.id = c.from_run_id
join run_affiliates ra on ra.run_id = s.run_id and ra.affiliate_id = c.affiliate_id
join run_currencies acu on acu.run_id = s.run_id and acu.code = ra.currency
left join run_rates rr on rr.run_id = s.run_id and rr.source_currency = c.currency and rr.account_currency = ra.currency
where s.run_id = $1
order by p.affiliate_id, p.id

-- name: report_affiliates_file
-- The run of set_export_scope. Every affiliate of the run, by id, in the columns of the
-- "affiliates" member of report.json, which the program lays out (RunJSON.appendAffiliate:
-- formatting the line here cost the server more than the program), and what the writer
-- checks while streaming (order, paid totals per channel, attention counts). The amount as
-- `numeric` text: the writer writes its currency's decimals (`currency_decimals`, read once:
-- cheaper than a join per affiliate) and refuses more.
select ra.affiliate_id, ra.status = 'paid' as paid, ra.method, ra.currency,
       ra.amount::text as amount, ra.reasons::text as reasons, ra.commissions::bigint as commissions,
       x.attention, y.new_attention
from run_affiliates ra
join payout_runs r on r.id = ra.run_id
cross join lateral (select ra.status <> 'paid' and needs_attention(ra.reasons) as attention) x
-- new attention as finish_run decided and stored it (0011); runs before 0011 ask the rule
cross join lateral (select case when x.attention
                                then coalesce(ra.new_attention, needs_new_attention(ra.affiliate_id, ra.reasons, r.as_of))
                                else false end as new_attention) y
where ra.run_id = (select current_setting('payouts.export_run')::bigint)
order by ra.affiliate_id

-- name: report_voided_file
-- The run of set_export_scope. Voided commissions per affiliate, reason and currency, in the
-- columns of the "voided" member of report.json, which the program lays out
-- (RunJSON.appendVoided), the sum as `numeric` text (its currency's decimals: `currency_decimals`).
-- Sorted, then summed in that order: hashing ~70,000 exact sums (nearly one per commission)
-- and sorting them after took three times as long at 1M.
select v.affiliate_id, v.reason, v.currency, v.commissions, v.amount::text as amount
from (select o.affiliate_id, o.reason, o.currency, count(*) as commissions, sum(o.amount) as amount
      from (select affiliate_id, reason, currency, amount
            from voided_commissions
            where run_id = (select current_setting('payouts.export_run')::bigint)
            order by affiliate_id, reason, currency) o
      group by o.affiliate_id, o.reason, o.currency) v
order by v.affiliate_id, v.reason, v.currency

-- name: runs_overview
-- Every run, newest first, for `payouts status`.
select r.id, r.month, to_char(r.as_of, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM') as as_of,
       to_char(r.created_at, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM') as created_at,
       r.exported_at is not null as exported,
       r.paid_count, r.held_count, r.attention_count, r.new_attention_count, r.voided_count
from payout_runs r
order by r.as_of desc

-- name: runs_totals
-- Paid totals per run, channel and currency, for `payouts status` (the runs' totals, 0016).
select t.run_id, t.method, t.currency, cu.minor_units, t.affiliates as payouts, t.amount as total
from run_totals t join run_currencies cu on cu.run_id = t.run_id and cu.code = t.currency
where t.outcome = 'paid'
order by t.run_id desc, t.method, t.currency

-- name: run_summary
-- $1 run id. Paid, held for attention, and carried forward (below threshold only), per
-- channel and currency (the run's totals, 0016), for the summary printed at the end of a run.
select t.outcome, t.method, t.currency, cu.minor_units, t.affiliates, t.amount
from run_totals t join run_currencies cu on cu.run_id = t.run_id and cu.code = t.currency
where t.run_id = $1
order by t.outcome desc, t.method, t.currency
