-- The statements of a monthly run, in the order the job executes them, all inside one
-- REPEATABLE READ transaction (one snapshot: every statement sees the same commissions,
-- rates and affiliates). Each statement is set-based: a run costs a constant number of
-- round trips whatever the number of affiliates or commissions.
--
-- Format: each statement starts with a `-- name:` line; `$n` are bound parameters.
-- The session time zone is the program's (set by the job before any of these run).

-- name: latest_committed_run
select id, month from payout_runs order by as_of desc limit 1

-- name: run_by_month
-- $1 month ('2026-12')
select id, month, time_zone, exported_at is not null as exported,
       paid_count, held_count, attention_count, new_attention_count, voided_count
from payout_runs where month = $1

-- name: unexported_runs
select month from payout_runs where exported_at is null order by as_of

-- name: use_time_zone
-- $1 time zone name. The program's zone for the session: the 30 calendar days of the
-- maturity rule and every formatted timestamp are counted in it.
select set_config('TimeZone', $1, false)

-- name: create_run
-- $1 month ('2026-12'), $2 the as-of instant (RunMonth.asOf), $3 the program's time zone,
-- $4 the execution date asked for ('YYYY-MM-DD', or null: the run's own date in that zone).
-- The token (every file identifier derives from it) depends on the month only: a preview
-- sent to the bank or PayPal collides with the real file (docs/file-formats.md, "Previews").
insert into payout_runs (month, as_of, time_zone, created_at, token, execution_date)
values ($1, $2::timestamptz, $3, date_trunc('second', statement_timestamp()),
        md5('payouts run ' || $1)::uuid, coalesce($4::date, statement_timestamp()::date))
returning id

-- name: prepare_session
-- Memory for the run (PostgreSQL's, not the job's), local to its transaction, so that a
-- million open commissions hash, sort and stay (run_open) in memory. temp_buffers counts only
-- before the session's first temporary table. No JIT compilation: each statement runs once,
-- over rows that take a second or two, and compiling its expressions (20-130 ms a statement)
-- cost more than it saved (measured on the run and on the export at 1M). The run's ANALYZEs
-- sample 3,000 rows, not 30,000: its statements need row counts, the run's share of each table
-- and rough distinct counts, which a tenth of the sample gives at a quarter of the time.
select set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
       set_config('default_statistics_target', '10', true),
       case when pg_my_temp_schema() = 0 then set_config('temp_buffers', '256MB', true) end

-- name: analyze_open_commissions
-- The open list changes by most of its rows every month: fresh statistics for this run's
-- joins, committed with the run (rolled back with a dry run). Its change marks (0019) likewise.
analyze open_commissions (commission_id, affiliate_id, ordered_at), open_commission_changes (commission_id)

-- name: prepare_collect
-- Before collect: the planner may hand its join to parallel workers. Every collected row
-- goes to the job's backend anyway (it writes run_open), so the default cost of passing rows
-- from workers (0.1 a row, ~70,000 for 700,000 rows) would keep collect on one core: 0.01,
-- for this statement only. Returns the value to restore.
select current_setting('parallel_tuple_cost') as previous, set_config('parallel_tuple_cost', '0.01', true)

-- name: restore_parallel_tuple_cost
-- $1 the value prepare_collect returned.
select set_config('parallel_tuple_cost', $1, true)

-- name: collect_open_commissions
-- $1 the run's as-of instant. The run's working table, run_open: the open commissions this
-- run settles, read once from the open list, which carries their columns (0018), and from
-- `commissions` only for those changed since (0019): the paid history is not read. Each open
-- commission ordered before as-of is either
-- voided (excluded product, or order refunded or cancelled within the 30-day guarantee; a
-- later refund changes nothing), or matured (`commission_matured`, 0011) and payable, or left
-- open for a later run (not collected). Accrual (SPEC §8): an accrued commission is refunded
-- when its order is; the open list and collect read that refund time
-- (commissions_with_order_refunds). CREATE TABLE AS, not INSERT ... SELECT: only the former
-- can read with parallel workers (PostgreSQL 15; commission_matured is parallel safe, 0015).
-- Temporary and ON COMMIT DROP: no WAL, invisible to every other session, gone at the commit,
-- the rollback of a dry run or a killed job. Columns keep their source types (amount
-- numeric(18,4)).
create temporary table run_open on commit drop as
select c.commission_id, c.affiliate_id, c.order_ref, c.amount, c.currency,
       v.reason as void_reason,  -- null: matured and payable
       c.open_row                -- where collect read its open_commissions row (settle closes it there)
from (
    -- Each open commission as the open list copied it at its insert (0018), or, when it was
    -- changed since (a refund, a corrected amount: marked in the changing transaction, 0019),
    -- as `commissions` has it in this snapshot, looked up by id: the paid history is not read.
    select o.commission_id, coalesce(ch.affiliate_id, o.affiliate_id) as affiliate_id,
           coalesce(ch.order_ref, o.order_ref) as order_ref, coalesce(ch.product, o.product) as product,
           coalesce(ch.amount, o.amount) as amount, coalesce(ch.currency, o.currency) as currency,
           coalesce(ch.ordered_at, o.ordered_at) as ordered_at,
           case when ch.id is null then o.refunded_at else ch.refunded_at end as refunded_at,
           o.ctid as open_row
    from open_commissions o
    left join (select c.* from commissions_with_order_refunds c
               where c.id in (select commission_id from open_commission_changes)) ch on ch.id = o.commission_id
) c
left join excluded_products x on x.product = c.product
cross join lateral (
    -- `refunded_at is not null` first: without it every commission, refunded or not, adds 30
    -- calendar days to its order date (a time-zone conversion), and twice, as the filter and
    -- the column each evaluate this expression (about 0.2 s of CPU at 1M)
    select case when x.product is not null then 'excluded_product'
                when c.refunded_at is not null and c.refunded_at < c.ordered_at + interval '30 days'
                     and c.refunded_at < $1::timestamptz
                    then 'refunded_within_30_days' end as reason
) v
where c.ordered_at < $1::timestamptz
  and (v.reason is not null or commission_matured(c.ordered_at, $1::timestamptz))

-- name: analyze_run_open
-- The working table has no statistics until analysed; void, balances and settle are planned
-- from them. Only the columns they join, group or filter on (half the time of all columns).
analyze run_open (commission_id, affiliate_id, currency, void_reason)

-- name: void_commissions
-- $1 run id. Records the commissions collected with a void reason; settle_paid_commissions
-- closes them in the open list with the paid ones. The command tag counts them.
insert into voided_commissions (commission_id, run_id, affiliate_id, reason, amount, currency)
select commission_id, $1, affiliate_id, void_reason, amount, currency
from run_open where void_reason is not null

-- name: analyze_run_records
-- After compute_balances: statistics that know this run's rows (ANALYZE counts its own
-- transaction's rows), so settle and the export are not planned as if run $1 had none
-- (issue 9's month-2 slowdown). Only the columns statements join or filter on.
analyze run_affiliates (run_id, affiliate_id, status, method, currency)

-- name: analyze_ledger
-- After settle: the ledger's statistics know this run, for its export (the columns it joins,
-- filters and sorts on, as for analyze_run_records).
analyze payout_items (run_id, commission_id, affiliate_id, currency, account_currency),
        voided_commissions (run_id, commission_id, affiliate_id, currency)

-- name: compute_balances
-- $1 run id, $2 currencies (text[]) whose debtor account is usable for bank transfers.
-- Every affiliate with payable commissions collected (run_open) or open re-credits, paid or
-- held, into run_affiliates, and the rates used into run_rates; the payee checks that need
-- real validation (IBAN, PayPal e-mail) are added afterwards by the job. One statement, so
-- the balances are computed once and kept in memory for both writes (no working table).
-- The command tag counts the affiliates recorded; no row is returned (as settle).
with converted as (
    -- Per affiliate: exact subtotals per source currency, each converted with the rate of its
    -- pair at as-of (`exchange_rates_at`, 0014), summed, and rounded once (half away from
    -- zero) to the decimals the payout carries (`payout_decimals`, 0025: the account
    -- currency's minor unit, whole units for PayPal in HUF, JPY and TWD). One pipeline, each
    -- step once: sort the commissions, sum per currency, join the account currency and the
    -- handful of rates (hashed), sort the subtotals by affiliate, sum per affiliate.
    select c.affiliate_id, sum(c.commissions)::int as commissions, bool_or(c.converted is null) as missing_rate,
           sum(c.converted) filter (where c.commissions = 0) as recredits_converted,
           -- null when a rate is missing (sum() would silently skip the null subtotal)
           case when bool_or(c.converted is null) then null else round(sum(c.converted), c.minor_units) end as amount,
           c.account_currency,
           array_agg(c.source_currency) filter (where c.source_currency <> c.account_currency) as converted_from
    from (
        select s.affiliate_id, a.account_currency,
               payout_decimals(a.payout_method, a.account_currency, cu.minor_units) as minor_units,
               s.source_currency, s.commissions,
               convert_amount(s.subtotal, s.source_currency = a.account_currency, r.rate, coalesce(r.inverse, false)) as converted
        from (
            -- sorted first: a streaming aggregation (hashing ~400k exact sums spills at work_mem)
            select o.affiliate_id, o.currency as source_currency, sum(o.amount) as subtotal, count(*)::int as commissions
            from (select affiliate_id, currency, amount from run_open where void_reason is null
                  order by affiliate_id, currency) o
            group by o.affiliate_id, o.currency
            union all
            -- Open re-credits owed in another currency than the affiliate's account currency
            -- (changed since the return): added like commissions, converted at as-of (no
            -- commission of their own: count 0). Those in the account currency join below.
            select r.affiliate_id, r.currency, sum(r.amount), 0
            from open_recredits r join affiliates a on a.id = r.affiliate_id and a.account_currency <> r.currency
            group by r.affiliate_id, r.currency
        ) s
        join affiliates a on a.id = s.affiliate_id
        join currencies cu on cu.code = a.account_currency
        cross join (select as_of from payout_runs where id = $1) run
        left join exchange_rates_at(run.as_of) r
               on r.source_currency = s.source_currency and r.account_currency = a.account_currency
        order by s.affiliate_id, a.account_currency, minor_units
    ) c
    group by c.affiliate_id, c.account_currency, c.minor_units
), rates as (
    -- The rates converted with, once per source and account currency, with the number of
    -- affiliates converted; a pair without a quote is recorded without a rate (its affiliates
    -- are held with missing_rate). The few distinct lists are grouped before unnesting.
    insert into run_rates (run_id, source_currency, account_currency, rate, inverse, affiliates)
    select $1, p.source_currency, p.account_currency, r.rate, coalesce(r.inverse, false), p.affiliates
    from (
        select s.source_currency, g.account_currency, sum(g.affiliates)::int as affiliates
        from (
            select b.account_currency, b.converted_from, count(*) as affiliates
            from converted b where b.converted_from is not null
            group by b.account_currency, b.converted_from
        ) g cross join unnest(g.converted_from) as s(source_currency)
        group by s.source_currency, g.account_currency
    ) p
    cross join (select as_of from payout_runs where id = $1) run
    left join exchange_rates_at(run.as_of) r
           on r.source_currency = p.source_currency and r.account_currency = p.account_currency
), recredits as (
    -- Re-credits (returned payouts owed again) in the account currency join the balance
    -- unconverted (rounded payout amounts of that currency); the others were converted with
    -- the commissions above. settle_recredits settles all of them for the paid.
    select o.affiliate_id, sum(o.amount) as amount
    from open_recredits o join affiliates a on a.id = o.affiliate_id and a.account_currency = o.currency
    group by o.affiliate_id
), balances as (
    select coalesce(b.affiliate_id, r.affiliate_id) as affiliate_id,
           coalesce(b.commissions, 0) as commissions,
           coalesce(b.missing_rate, false) as missing_rate,
           case when b.affiliate_id is not null and b.amount is null then null
                else coalesce(b.amount, 0) + coalesce(r.amount, 0) end as amount,
           -- in the account currency; a converted re-credit at its exact converted value
           coalesce(r.amount, 0) + coalesce(b.recredits_converted, 0) as recredited
    from converted b full join recredits r on r.affiliate_id = b.affiliate_id
), decided as (
    select b.*, a.*, th.minimum,
        array_remove(array[
            -- reasons in the order of PayoutCore.HoldReason (a test checks this list)
            case when b.amount is not null and (b.amount <= 0 or b.amount < th.minimum) then 'below_threshold' end,
            case when a.is_partner then 'partner' end,
            case when a.suspended then 'suspended' end,
            case when b.missing_rate then 'missing_rate' end,
            case when (a.payout_method = 'prepaid' and payee_account(a.prepaid_account) is null)
                   or (a.payout_method = 'paypal' and payee_account(a.paypal_email) is null)
                   or (a.payout_method = 'iban' and payee_account(a.iban) is null)
                 then 'missing_payout_details' end,
            case when a.payout_method = 'iban' and not (a.account_currency = any ($2::text[]))
                 then 'no_debtor_account' end,
            case when th.minimum is null then 'no_threshold' end,
            -- a payout came back and the same payout details would fail again (until released)
            case when a.id in (select affiliate_id from returned_unreleased) then 'payout_returned' end
            -- invalid_iban, invalid_paypal_receiver and incomplete_address are decided by
            -- the job's payee checks (PayoutCore / PayoutFiles), not here
        ], null) as reasons
    from balances b
    join affiliates a on a.id = b.affiliate_id
    left join payout_thresholds th on th.currency = a.account_currency
    -- kept a subquery of its own: the insert reads `reasons` twice (status and reasons), and
    -- a subquery pulled up into it would work the list out twice per affiliate
    offset 0
)
-- new_attention: decided by finish_run for the holds that need attention, false otherwise
insert into run_affiliates (
    run_id, affiliate_id, status, method, currency, amount, reasons, commissions, recredited,
    creditor_name, iban, bic, street, building_number, postcode, town, country,
    paypal_email, prepaid_account, new_attention)
select $1, d.affiliate_id,
       case when cardinality(d.reasons) = 0 then 'paid' else 'held' end,
       d.payout_method, d.account_currency, d.amount, d.reasons, d.commissions, d.recredited,
       coalesce(payee_detail(d.account_holder), d.name), payee_account(d.iban),
       payee_detail(d.bic), payee_detail(d.street), payee_detail(d.building_number),
       payee_detail(d.postcode), payee_detail(d.town), d.country,
       payee_account(d.paypal_email), payee_account(d.prepaid_account), false
from decided d

-- name: hold_invalid_payees
-- $1 run id, $2 affiliate ids (bigint[]) and $3 reasons (text[]), pairwise: one pair per
-- affiliate and reason, each affiliate's complete list in HoldReason order.
with lists as (
    select h.affiliate_id, array_agg(h.reason order by h.position) as reasons
    from unnest($2::bigint[], $3::text[]) with ordinality as h(affiliate_id, reason, position)
    group by h.affiliate_id
), held as (
    update run_affiliates ra
    set reasons = l.reasons, status = 'held'
    from lists l
    where ra.run_id = $1 and ra.affiliate_id = l.affiliate_id
    returning 1
)
select count(*) from held

-- name: settle_paid_commissions
-- $1 run id. The ledger: every payable commission collected for a paid affiliate, once
-- (primary key), with the payout's account currency (the statement derives the converted
-- amount from it and run_rates); then they and the voided ones leave the open list. The same
-- snapshot and the same rows (run_open) as compute_balances, so exactly the commissions
-- summed. The statement is the delete: its command tag counts the open rows closed, and no
-- row of either write is returned (RETURNING kept a million rows only to count them, about
-- 0.4 s at 1M); check_run counts the ledger.
with settling as materialized (
    -- What this run settles, decided once (one join) for both writes below: the voided
    -- commissions, and the payable ones of the paid affiliates with their account currency.
    select o.commission_id, o.affiliate_id, o.order_ref, o.amount, o.currency, o.void_reason, o.open_row,
           ra.currency as account_currency
    from run_open o
    left join run_affiliates ra on ra.run_id = $1 and ra.affiliate_id = o.affiliate_id and ra.status = 'paid'
    where o.void_reason is not null or ra.affiliate_id is not null
), closed_changes as (
    -- Change marks (0019) no later run needs: of the commissions closed here, and of
    -- commissions without an open row in this snapshot (closed by an earlier run; a reversal
    -- that reopens one copies its columns as they are then). Upstream only inserts into that
    -- list: deleting what this snapshot sees waits for nobody.
    delete from open_commission_changes ch
    where ch.commission_id in (select commission_id from settling)
       or not exists (select 1 from open_commissions o where o.commission_id = ch.commission_id)
), items as (
    -- a data-modifying WITH runs to its end whether or not its rows are read
    insert into payout_items (commission_id, run_id, affiliate_id, order_ref, amount, currency, account_currency)
    select commission_id, $1, affiliate_id, order_ref, amount, currency, account_currency
    from settling
    where void_reason is null
)
-- Their open rows, closed at the addresses collect read them from (a TID scan, no second join
-- with the whole open list). They cannot move: the run has read the table since collect (no
-- rewrite), nobody updates open rows, and one deleted by another transaction meanwhile fails
-- this delete (REPEATABLE READ).
delete from open_commissions oc
where oc.ctid = any (array(select open_row from settling))

-- name: check_run
-- $1 run id, $2 open rows settle_paid_commissions closed, $3 commissions void_commissions
-- recorded. What the foreign keys dropped by 0009 checked row by row, once for the run before
-- it commits: the ledger holds exactly the commissions of the paid affiliates, each in its
-- payout's currency with a rate for its pair; exactly the paid and voided commissions left
-- the open list. Returns the names of the checks that failed (empty: the run may commit) and
-- the ledger rows (the commissions paid).
-- Not re-checked here: that each run_affiliates row names a known affiliate and currency.
-- Its one insert (compute_balances) takes both from `affiliates` in the same statement (inner
-- join), and affiliates.account_currency references currencies; a check in this snapshot
-- could only repeat that join (about 0.1 s at 1M), and would not see a concurrent delete.
with ledger as (
    select count(*) as commissions,
           count(*) filter (where ra.affiliate_id is null or ra.currency <> pi.account_currency) as outside_paid,
           count(*) filter (where pi.currency <> pi.account_currency and rr.rate is null) as without_rate
    from payout_items pi
    left join run_affiliates ra on ra.run_id = $1 and ra.affiliate_id = pi.affiliate_id and ra.status = 'paid'
    left join run_rates rr on rr.run_id = $1 and rr.source_currency = pi.currency and rr.account_currency = pi.account_currency
    where pi.run_id = $1
)
select array_remove(array[
    case when l.outside_paid > 0
           or l.commissions <> (select coalesce(sum(commissions), 0) from run_affiliates where run_id = $1 and status = 'paid')
         then 'ledger_matches_paid_affiliates' end,
    case when l.without_rate > 0 then 'ledger_rows_known' end,
    case when $2::bigint <> l.commissions + $3::bigint then 'open_list_closed_exactly' end
], null) as failed, l.commissions as ledger_rows
from ledger l

-- name: settle_recredits
-- $1 run id. The open re-credits (returned payouts owed again) that compute_balances added
-- to a paid affiliate's amount are settled by this run, once (primary key on recredit_id):
-- in the same snapshot, every open re-credit of a paid affiliate, converted or not, is in its
-- amount. Returns the count.
with settled as (
    insert into recredit_settlements (recredit_id, run_id, affiliate_id)
    select o.id, $1, o.affiliate_id
    from open_recredits o
    join run_affiliates ra on ra.run_id = $1 and ra.affiliate_id = o.affiliate_id and ra.status = 'paid'
    returning 1
)
select count(*) as settled from settled

-- name: snapshot_debtor_accounts
-- $1 run id, $2 usable debtor currencies (text[]). The company's accounts as used by this
-- run, with the execution date of its transfers: the run's execution date, or the next bank
-- business day of the account's currency (`next_bank_business_day`).
insert into run_debtor_accounts (run_id, currency, name, iban, bic, street, building_number, postcode, town, country,
                                 execution_date)
select $1, d.currency, btrim(d.name), btrim(d.iban), nullif(btrim(d.bic), ''), nullif(btrim(d.street), ''),
       nullif(btrim(d.building_number), ''), nullif(btrim(d.postcode), ''), btrim(d.town), d.country,
       next_bank_business_day(d.currency, (select r.execution_date from payout_runs r where r.id = $1))
from debtor_accounts d
where d.currency = any ($2::text[])
  and exists (select 1 from run_affiliates ra
              where ra.run_id = $1 and ra.status = 'paid' and ra.method = 'iban' and ra.currency = d.currency)
returning currency

-- name: snapshot_currencies
-- $1 run id. Every currency's decimals as this run rounded with them (the same snapshot as
-- compute_balances), for every export of its files (0022); for PayPal payouts, what
-- payout_decimals gave (0025).
insert into run_currencies (run_id, code, minor_units, paypal_decimals)
select $1, code, minor_units, payout_decimals('paypal', code, minor_units) from currencies

-- name: finish_run
-- $1 run id. Summary counts, kept on the run for `payouts status`, and the run's totals per
-- outcome, channel and currency (`record_run_totals`, 0016) for every summary read later; the
-- paid and held counts are the totals'. Attention: every hold a person must look at; new
-- attention: those whose reasons changed since the affiliate's previous committed run
-- (`needs_new_attention`), the ones that make exit status 3. Decided once here and stored on
-- the entry (run_affiliates.new_attention, 0011) for the export; only the holds that need
-- attention can need it anew, so only they ask the rule.
with attention as (
    update run_affiliates ra set new_attention = needs_new_attention(ra.affiliate_id, ra.reasons, run.as_of)
    from payout_runs run
    where run.id = $1 and ra.run_id = $1 and needs_attention(ra.reasons)
    returning ra.new_attention
), totals as (
    select t.outcome, t.affiliates from record_run_totals($1) t
)
update payout_runs r set
    paid_count = s.paid, held_count = s.held,
    attention_count = (select count(*) from attention),
    new_attention_count = (select count(*) from attention where new_attention),
    voided_count = (select count(*) from voided_commissions v where v.run_id = r.id)
from (
    select coalesce(sum(t.affiliates) filter (where t.outcome = 'paid'), 0) as paid,
           coalesce(sum(t.affiliates) filter (where t.outcome <> 'paid'), 0) as held
    from totals t
) s
where r.id = $1
returning r.paid_count, r.held_count, r.attention_count, r.new_attention_count, r.voided_count

-- name: debtor_accounts
select currency, name, iban, bic, town, country from debtor_accounts order by currency

-- name: mark_exported
-- $1 run id
update payout_runs set exported_at = statement_timestamp() where id = $1
