-- The file limits of a run, applied before the commit so that a committed run can always be
-- written (issue 13). Runs inside the run's transaction, after the payee checks and before
-- settling, so that only payouts that will really be written are counted.

-- name: hold_amounts_out_of_range
-- $1 run id. Holds with `amount_out_of_range` every paid affiliate whose payout does not
-- satisfy `payout_amount_in_range`, has more decimals than its channel carries
-- (`payout_decimals`, 0025), or is above its channel's `channel_limits.max_payout`
-- (migration 0010, set by finance), and the largest payouts that would take a total beyond
-- its limit: per currency's bank-transfer file the control sum's 18 digits, per channel and
-- currency `channel_limits.max_run_total` when set. Payouts are added smallest first (ties by
-- affiliate id), and every payout from the first one that overflows the running sum is held.
-- So the files carry as many payouts as fit; the held ones stay open and are tried again next
-- month (a person decides: split or pay by hand).
-- Amounts of paid payouts are positive, so a channel (method and currency) can hold anyone
-- only if its largest payout, its total or its most decimals is beyond a limit: one
-- aggregation per channel decides that, and only such channels' payouts are read again
-- (normally none). The running sums (a sort of the channel's payouts) are computed only for
-- the channels whose total passes a total limit; the others cannot hold anyone for it.
with channels as materialized (
    -- materialized: each channel decided once, not joined back into every payout row
    select c.method, c.currency, c.minor_units, cl.max_payout, cl.max_run_total,
           not payout_amount_in_range(c.largest, c.minor_units) or c.largest > coalesce(cl.max_payout, c.largest)
               or c.most_decimals > c.minor_units as oversized,
           (c.method = 'iban' and not payout_amount_in_range(c.total, c.minor_units))
               or c.total > coalesce(cl.max_run_total, c.total) as crowded
    from (select a.method, a.currency, payout_decimals(a.method, a.currency, cu.minor_units) as minor_units,
                 a.largest, a.total, a.most_decimals
          from (select ra.method, ra.currency, max(ra.amount) as largest, sum(ra.amount) as total,
                       max(min_scale(ra.amount)) as most_decimals
                from run_affiliates ra
                where ra.run_id = $1 and ra.status = 'paid'
                group by ra.method, ra.currency) a
          join currencies cu on cu.code = a.currency) c
    left join channel_limits cl on cl.method = c.method and cl.currency = c.currency
), paid as (
    -- the payouts of the channels that may hold some
    select ra.affiliate_id, ra.method, ra.currency, ra.amount, ch.minor_units, ch.max_payout, ch.max_run_total, ch.crowded
    from run_affiliates ra
    join (select * from channels where oversized or crowded) ch on ch.method = ra.method and ch.currency = ra.currency
    where ra.run_id = $1 and ra.status = 'paid'
), running as (
    select p.affiliate_id, p.method, p.minor_units, p.max_run_total,
           sum(p.amount) over (partition by p.method, p.currency
                               order by p.amount, p.affiliate_id
                               rows between unbounded preceding and current row) as running_total
    from paid p
    where p.crowded
), out_of_range as (
    select p.affiliate_id from paid p
    where not payout_amount_in_range(p.amount, p.minor_units)
       or p.amount > coalesce(p.max_payout, p.amount)
       -- more decimals than the channel carries (payout_decimals, 0025): a re-credit of an
       -- earlier payout added unconverted, say 0.50 HUF to a PayPal payout in whole forints
       or min_scale(p.amount) > p.minor_units
    union
    select r.affiliate_id from running r
    where (r.method = 'iban' and not payout_amount_in_range(r.running_total, r.minor_units))
       or r.running_total > coalesce(r.max_run_total, r.running_total)
), held as (
    update run_affiliates ra
    set status = 'held', reasons = array['amount_out_of_range']
    from out_of_range o
    where ra.run_id = $1 and ra.affiliate_id = o.affiliate_id
    returning 1
)
select count(*) from held
