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
-- $1 run id: one row per channel and currency that has paid payouts
select ra.method, ra.currency, cu.minor_units, count(*) as payouts, sum(ra.amount) as total
from run_affiliates ra join currencies cu on cu.code = ra.currency
where ra.run_id = $1 and ra.status = 'paid'
group by ra.method, ra.currency, cu.minor_units
order by ra.method, ra.currency

-- name: debtor_account
-- $1 run id, $2 currency
-- execution_date: the bank business day of the transfers (null on runs made before it was stored)
select currency, name, iban, bic, street, building_number, postcode, town, country,
       to_char(execution_date, 'YYYY-MM-DD') as execution_date
from run_debtor_accounts where run_id = $1 and currency = $2

-- name: bank_transfers
-- $1 run id, $2 currency
select ra.affiliate_id, ra.amount, ra.currency, cu.minor_units, ra.creditor_name, ra.iban, ra.bic,
       ra.street, ra.building_number, ra.postcode, ra.town, ra.country
from run_affiliates ra join currencies cu on cu.code = ra.currency
where ra.run_id = $1 and ra.status = 'paid' and ra.method = 'iban' and ra.currency = $2
order by ra.affiliate_id

-- name: paypal_payments
-- $1 run id, $2 currency
select ra.affiliate_id, ra.amount, ra.currency, cu.minor_units, ra.paypal_email
from run_affiliates ra join currencies cu on cu.code = ra.currency
where ra.run_id = $1 and ra.status = 'paid' and ra.method = 'paypal' and ra.currency = $2
order by ra.affiliate_id

-- name: prepaid_credits
-- $1 run id, $2 currency
select ra.affiliate_id, ra.amount, ra.currency, cu.minor_units, ra.prepaid_account
from run_affiliates ra join currencies cu on cu.code = ra.currency
where ra.run_id = $1 and ra.status = 'paid' and ra.method = 'prepaid' and ra.currency = $2
order by ra.affiliate_id

-- name: statement_lines
-- $1 run id. One line per paid commission; the rate is shown as "account currency per
-- source currency" (an inverse quote is shown as its reciprocal, to 10 decimals). The rate
-- is the run's for the pair (run_rates, 0011); the converted amount is the one a run before
-- 0011 stored, else derived from the ledger row and that rate, as those runs stored it.
select pi.affiliate_id, pi.order_ref, pi.amount, pi.currency, pi.account_currency,
       sc.minor_units as commission_minor_units, ac.minor_units as account_minor_units,
       case when rr.rate is null then null
            when rr.inverse then round(1 / rr.rate, 10)
            else rr.rate end as rate,
       coalesce(pi.converted_amount,
                informational_amount(convert_amount(pi.amount, pi.currency = pi.account_currency, rr.rate, coalesce(rr.inverse, false))))
           as converted_amount
from payout_items pi
left join run_rates rr on rr.run_id = pi.run_id and rr.source_currency = pi.currency and rr.account_currency = pi.account_currency
join currencies sc on sc.code = pi.currency
join currencies ac on ac.code = pi.account_currency
where pi.run_id = $1
order by pi.affiliate_id, pi.commission_id

-- name: recredit_lines
-- $1 run id: the returned payouts whose re-credits this run paid (settle_recredits), for
-- its statement lines and report.json `recredits`; affiliate order, as statement_lines
select p.affiliate_id, p.reference, p.status, p.reason_code, c.amount, c.currency, cu.minor_units,
       pr.month as returned_from
from recredit_settlements s
join recredits c on c.id = s.recredit_id
join currencies cu on cu.code = c.currency
join payout_returns p on p.id = c.return_id
join payout_runs pr on pr.id = c.from_run_id
where s.run_id = $1
order by p.affiliate_id, p.id

-- name: report_entries
-- $1 run id. new_attention as finish_run decided it (0011); runs before 0011 ask the rule.
select ra.affiliate_id, ra.status, ra.method, ra.currency, cu.minor_units, ra.amount,
       ra.reasons, ra.commissions,
       coalesce(ra.new_attention, needs_new_attention(ra.affiliate_id, ra.reasons, r.as_of)) as new_attention
from run_affiliates ra join currencies cu on cu.code = ra.currency
join payout_runs r on r.id = ra.run_id
where ra.run_id = $1
order by ra.affiliate_id

-- name: voided_summary
-- $1 run id
select v.affiliate_id, v.reason, v.currency, cu.minor_units, count(*) as commissions, sum(v.amount) as amount
from voided_commissions v join currencies cu on cu.code = v.currency
where v.run_id = $1
group by v.affiliate_id, v.reason, v.currency, cu.minor_units
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
-- Paid totals per run, channel and currency, for `payouts status`.
select ra.run_id, ra.method, ra.currency, cu.minor_units, count(*) as payouts, sum(ra.amount) as total
from run_affiliates ra join currencies cu on cu.code = ra.currency
where ra.status = 'paid'
group by ra.run_id, ra.method, ra.currency, cu.minor_units
order by ra.run_id desc, ra.method, ra.currency

-- name: run_summary
-- $1 run id. Paid, held for attention, and carried forward (below threshold only), per
-- channel and currency, for the summary printed at the end of a run.
select case when ra.status = 'paid' then 'paid'
            when not needs_attention(ra.reasons) then 'carried forward'
            else 'held' end as outcome,
       ra.method, ra.currency, cu.minor_units, count(*) as affiliates, sum(ra.amount) as amount
from run_affiliates ra join currencies cu on cu.code = ra.currency
where ra.run_id = $1
group by 1, ra.method, ra.currency, cu.minor_units
order by 1 desc, ra.method, ra.currency
