-- The figures of report.html, read from the run's own records (run_affiliates, run_totals,
-- run_rates, voided_commissions, payout_runs) so that a re-export is byte-identical.
-- Names are the creditor names the run recorded, not the live affiliates table (a rename
-- after the run must not change the run's page). The session time zone is the run's.

-- name: report_counts
-- $1 run id: the counts finish_run recorded on the run (paid and held from its totals, 0016)
select r.paid_count::bigint as paid, r.held_count::bigint as held,
       r.attention_count as attention, r.new_attention_count as new_attention
from payout_runs r
where r.id = $1

-- name: set_held_pass
-- $1 true: report.html's first pass, the held affiliates needing attention; false: the others.
-- A setting because report_held_file is read with COPY, which takes no parameters.
select set_config('payouts.export_held_attention', $1::text, true)

-- name: report_held_file
-- The run of set_export_scope (export.sql), the pass of set_held_pass: its held affiliates
-- (needs_attention is the SQL home of HoldReason.needsAttention), largest amount first, no
-- amount (not computable) before any; ties by currency and affiliate id so the order is total
-- and the page deterministic. Amount and reasons as text: the table writes the amount's
-- digits as they come (`HeldRow`).
select ra.affiliate_id, ra.creditor_name as name, ra.currency, cu.minor_units::bigint as minor_units,
       ra.amount::text as amount, ra.reasons::text as reasons
from run_affiliates ra join run_currencies cu on cu.run_id = ra.run_id and cu.code = ra.currency
where ra.run_id = (select current_setting('payouts.export_run')::bigint) and ra.status = 'held'
  and needs_attention(ra.reasons) = (select current_setting('payouts.export_held_attention')::boolean)
order by ra.amount desc nulls first, ra.currency, ra.affiliate_id

-- name: report_voided
-- $1 run id
select v.reason, v.currency, cu.minor_units, count(*) as commissions, sum(v.amount) as amount
from voided_commissions v left join run_currencies cu on cu.run_id = v.run_id and cu.code = v.currency
where v.run_id = $1
group by v.reason, v.currency, cu.minor_units
order by v.reason, v.currency

-- name: report_rates
-- $1 run id. Each rate the run applied (run_rates, 0011: one per source and account
-- currency, with the number of affiliates it converted). valid_from is that quote's row in
-- exchange_rates (same pair, same rate, the latest one not after as-of), null if the row is gone.
select rr.source_currency, rr.account_currency, rr.rate, rr.inverse,
       to_char(q.valid_from, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM') as valid_from,
       rr.affiliates::bigint as affiliates
from run_rates rr
join payout_runs r on r.id = rr.run_id
left join lateral (
    select max(er.valid_from) as valid_from
    from exchange_rates er
    where er.base = case when rr.inverse then rr.account_currency else rr.source_currency end
      and er.quote = case when rr.inverse then rr.source_currency else rr.account_currency end
      and er.rate = rr.rate and er.valid_from <= r.as_of
) q on true
where rr.run_id = $1 and rr.rate is not null
order by rr.source_currency, rr.account_currency, rr.inverse, rr.rate

-- name: report_history
-- $1 run id. Paid totals per currency of the last 12 runs up to and including this one
-- (earlier as-of; a later run cannot change them), from the runs' totals (0016). A run that
-- paid nothing gives one row with a null currency.
with runs as (
    select r.id, r.month, r.as_of
    from payout_runs r
    where r.as_of <= (select t.as_of from payout_runs t where t.id = $1)
    order by r.as_of desc
    limit 12
)
select runs.month, runs.id = $1 as this_run, t.currency, cu.minor_units,
       coalesce(sum(t.affiliates), 0)::bigint as payouts, sum(t.amount) as total
from runs
left join run_totals t on t.run_id = runs.id and t.outcome = 'paid'
left join run_currencies cu on cu.run_id = t.run_id and cu.code = t.currency
group by runs.month, runs.as_of, runs.id, t.currency, cu.minor_units
order by runs.as_of, t.currency

-- name: report_returns
-- $1 run id: the returned payouts whose re-credits this run paid (recorded when the run
-- committed, so a re-export shows the same). Name as the run recorded it; code is the
-- bank's or PayPal's reason code, else the status.
select p.affiliate_id, ra.creditor_name as name, c.currency, cu.minor_units, c.amount,
       coalesce(p.reason_code, p.status) as code
from recredit_settlements s
join recredits c on c.id = s.recredit_id
join run_currencies cu on cu.run_id = s.run_id and cu.code = c.currency
join payout_returns p on p.id = c.return_id
join run_affiliates ra on ra.run_id = s.run_id and ra.affiliate_id = c.affiliate_id
where s.run_id = $1
order by p.affiliate_id, p.id
