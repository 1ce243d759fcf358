-- The statements of `payouts accrue` and `payouts explain`, all inside one REPEATABLE READ
-- transaction per accrual. The session time zone is the program's (set by the job), so
-- "30 days" and "1 year" are calendar periods there, as in the run.
--
-- Format: each statement starts with a `-- name:` line; `$n` are bound parameters.

-- name: tier_count
select count(*)::bigint as tiers from commission_tiers

-- name: first_undecided_order
-- $1 until. Where the first window starts: the oldest order up to `until` without a decision.
select min(o.ordered_at)::text as first
from orders o
where o.ordered_at <= $1
  and not exists (select 1 from order_decisions d where d.order_id = o.id)

-- name: start_accrual
-- $1 until, $2 time zone name.
insert into accruals (until, decided_at, time_zone)
values ($1, now(), $2)
returning id

-- name: finish_accrual
-- $1 accrual id, $2 orders decided, $3 commissions added. An accrual that decided nothing
-- leaves no record (a repeated accrual changes nothing).
with updated as (
    update accruals set orders = $2, commissions = $3 where id = $1 and $2::int > 0
    returning id
)
delete from accruals where id = $1 and not exists (select 1 from updated)

-- name: create_tier_earnings
-- Per affiliate and currency, the sum of the commissions validated by the current window's
-- start: seeded once per accrual, advanced by each window, gone at commit.
create temporary table accrual_tier_earnings (
    affiliate_id bigint not null,
    currency     char(3) not null,
    amount       numeric not null,
    primary key (affiliate_id, currency)
) on commit drop

-- name: seed_tier_earnings
-- $1 the first window's start. The only statement that reads the whole commission history.
insert into accrual_tier_earnings (affiliate_id, currency, amount)
select t.affiliate_id, t.currency, sum(t.amount)
from tier_earning_commissions t
where t.validated_at <= $1
group by t.affiliate_id, t.currency

-- name: analyze_tier_earnings
-- A temporary table has no statistics until analysed; decide_window's plan needs them.
analyze accrual_tier_earnings

-- name: create_window_orders
-- The orders of the current window with their attribution and reason, staged and analysed
-- before their tier is decided: the planner then knows how many there are (estimated from
-- the orders and decisions tables, a window of new orders looks almost empty).
create temporary table accrual_window_orders (
    order_id         bigint primary key,
    customer_id      bigint not null,
    order_ref        text not null,
    product          text not null,
    amount           numeric(18, 2) not null,
    currency         char(3) not null,
    ordered_at       timestamptz not null,
    refunded_at      timestamptz,
    click_id         bigint,
    affiliate_id     bigint,
    account_currency char(3),
    reason           text
) on commit drop

-- name: clear_window_orders
truncate accrual_window_orders

-- name: stage_window_orders
-- $1 window start, $2 until. The undecided orders placed in [start, start + 29 days) and not
-- after `until`, attributed, each with the first reason that applies (null: it earns).
with pending as (
    select o.*
    from orders o
    where o.ordered_at >= $1::timestamptz and o.ordered_at < $1::timestamptz + interval '29 days'
      and o.ordered_at <= $2::timestamptz
      and not exists (select 1 from order_decisions d where d.order_id = o.id)
), attribution as materialized (
    -- Per customer: the last click of its visitor in the 30 days up to the account's
    -- creation (the higher click id breaks a tie), and whether it ordered at sign-up.
    select cu.id as customer_id, cu.created_at, cu.signup_ip, cu.user_id, cu.managed_by_existing_user,
           k.id as click_id, k.affiliate_id,
           exists (select 1 from orders s where s.customer_id = cu.id and s.placed_at_signup) as ordered_at_signup
    from (select distinct customer_id from pending) p
    join customers cu on cu.id = p.customer_id
    left join lateral (
        select k.id, k.affiliate_id from clicks k
        where k.visitor = cu.visitor
          and k.clicked_at > cu.created_at - interval '30 days'
          and k.clicked_at <= cu.created_at
        order by k.clicked_at desc, k.id desc
        limit 1
    ) k on true
)
insert into accrual_window_orders (order_id, customer_id, order_ref, product, amount, currency, ordered_at,
                                   refunded_at, click_id, affiliate_id, account_currency, reason)
-- The reasons why an order earns no commission, in the program's order: the first applies.
-- Keep in step with Accrual.UnaccountedReason.
select o.id, o.customer_id, o.order_ref, o.product, o.amount, o.currency, o.ordered_at, o.refunded_at,
       t.click_id, t.affiliate_id, a.account_currency,
       case
           when t.click_id is null then 'no_click'
           when a.is_partner then 'partner'
           when t.user_id = a.user_id
             or exists (select 1 from unnest(a.known_ips) ip where t.signup_ip <<= ip) then 'self_referral'
           when t.managed_by_existing_user then 'managed_by_existing_user'
           when o.ordered_by_user_id = a.user_id then 'ordered_by_affiliate'
           when exists (select 1 from unnest(a.known_ips) ip where o.ip <<= ip) then 'affiliate_premises'
           when not t.ordered_at_signup then 'not_ordered_at_signup'
           when o.ordered_at >= t.created_at + interval '1 year' then 'outside_one_year'
           when exists (select 1 from excluded_products x where x.product = o.product) then 'excluded_product'
       end
from pending o
join attribution t on t.customer_id = o.customer_id
left join affiliates a on a.id = t.affiliate_id

-- name: analyze_window_orders
analyze accrual_window_orders

-- name: decide_window
-- $1 accrual id, $2 window start, $3 until. Decides the staged orders of the window
-- (stage_window_orders): a commission at the affiliate's tier, or the staged reason; returns
-- the counts and where the next window starts (the caller passes it as the next start:
-- accrual_tier_earnings holds the earnings validated by this start). A window is shorter than
-- the 30-day validation lag, so an order's tier earnings come only from commissions ordered
-- before the window: decided by earlier windows (earlier statements of this transaction) or
-- written by upstream.
with w as (
    select $2::timestamptz as w0, $2::timestamptz + interval '29 days' as w1, $3::timestamptz as until
), reasoned as (
    select * from accrual_window_orders
), earning as (
    select r.order_id, r.affiliate_id, r.account_currency, r.ordered_at from reasoned r where r.reason is null
), increments as (
    -- validated inside the window (or exactly at its end); the ordered_at bounds, wider than
    -- 30 days by a day either side, only let the index find them
    select t.affiliate_id, t.currency, t.amount, t.validated_at
    from tier_earning_commissions t
    where t.ordered_at > $2::timestamptz - interval '31 days'
      and t.ordered_at < $2::timestamptz + interval '29 days' - interval '28 days'
      and t.validated_at > $2::timestamptz and t.validated_at <= $2::timestamptz + interval '29 days' 
), pairs as (
    -- each earning order × each currency its affiliate has earnings in
    select e.order_id, e.affiliate_id, e.account_currency, e.ordered_at, cur.currency
    from earning e
    join (select b.affiliate_id, b.currency from accrual_tier_earnings b
          union select i.affiliate_id, i.currency from increments i
          -- the account currency always: every earning order gets a row (earnings 0 at least)
          union select e.affiliate_id, e.account_currency from earning e) cur on cur.affiliate_id = e.affiliate_id
), running as materialized (
    -- a running sum per affiliate and currency; at the same instant the validation comes
    -- first (validated_at <= ordered_at counts)
    select ev.*, sum(ev.amount) over (partition by ev.affiliate_id, ev.currency
                                      order by ev.at, ev.kind rows unbounded preceding) as since_start
    from (
        select null::bigint as order_id, i.affiliate_id, null::char(3) as account_currency,
               i.validated_at as at, i.currency, 0 as kind, i.amount
        from increments i
        where i.affiliate_id in (select e.affiliate_id from earning e)
        union all
        select p.order_id, p.affiliate_id, p.account_currency, p.ordered_at, p.currency, 1, 0
        from pairs p
    ) ev
), rate_periods as materialized (
    -- computed once per window (a lateral or joined view would recompute it per row)
    select x.* from exchange_rate_periods x
    where (x.source, x.target) in (select distinct p.currency, p.account_currency from pairs p)
), converted as materialized (
    -- §3's conversion at the order's instant; null (no rate yet) does not count
    select r.order_id,
           convert_amount(coalesce(b.amount, 0) + r.since_start, r.currency = r.account_currency,
                          x.rate, coalesce(x.inverse, false)) as amount
    from running r
    left join accrual_tier_earnings b on b.affiliate_id = r.affiliate_id and b.currency = r.currency
    left join rate_periods x
           on x.source = r.currency and x.target = r.account_currency
          and x.valid_from <= r.at and (x.valid_until is null or r.at < x.valid_until)
    where r.kind = 1
), earnings as (
    -- every earning order has its account-currency row; sum() skips a currency without rate
    select c.order_id, coalesce(sum(c.amount), 0) as earnings from converted c group by c.order_id
), tiered as (
    -- the highest tier reached; below the lowest (negative earnings) the lowest applies
    select e.order_id, e.earnings, t.min_earnings, t.rate
    from earnings e
    cross join lateral (
        select ct.min_earnings, ct.rate from commission_tiers ct
        where ct.min_earnings <= greatest(e.earnings, (select min(min_earnings) from commission_tiers))
        order by ct.min_earnings desc
        limit 1
    ) t
), commissions_added as (
    -- ids: 9e18 + order id (see migration 0003 and docs/input-contract.md)
    insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at, accrued_order_id)
    select 9000000000000000000 + r.order_id, r.affiliate_id, r.order_ref, r.product,
           (r.amount * t.rate)::numeric(18, 4), r.currency, r.ordered_at, r.refunded_at, r.order_id
    from reasoned r
    join tiered t on t.order_id = r.order_id
    returning id
), decided as (
    insert into order_decisions (order_id, accrual_id, customer_id, click_id, affiliate_id, reason,
                                 account_currency, tier_earnings, tier_min_earnings, rate, commission_id)
    select r.order_id, $1, r.customer_id, r.click_id, r.affiliate_id, r.reason,
           case when r.reason is null then r.account_currency end,
           t.earnings, t.min_earnings, t.rate,
           case when r.reason is null then 9000000000000000000 + r.order_id end
    from reasoned r
    left join tiered t on t.order_id = r.order_id
    returning reason
), advanced as (
    -- the earnings validated by the next window's start (this window's end)
    insert into accrual_tier_earnings as b (affiliate_id, currency, amount)
    select i.affiliate_id, i.currency, sum(i.amount) from increments i group by i.affiliate_id, i.currency
    on conflict (affiliate_id, currency) do update set amount = b.amount + excluded.amount
    returning 1
)
select (select count(*) from decided)::int as orders,
       (select count(*) from decided where reason is null)::int as commissions,
       (select count(*) from commissions_added)::int as added,
       (select w1 from w)::text as window_end,
       (select w1 <= until from w) as more

-- name: record_run_accrual_mark
-- $1 run id. Records on the run the newest accrual it sees (its high-water mark), inside the
-- run's transaction and under the run lock.
update payout_runs set latest_accrual_id = (select max(id) from accruals) where id = $1

-- name: run_accrual_counts
-- $1 run id. Orders decided since the previous run, per outcome in the program's order (view
-- run_accrual_outcomes): for report.json and report.html.
select outcome, orders from run_accrual_outcomes where run_id = $1
order by array_position(array['accrued', 'no_click', 'partner', 'self_referral', 'managed_by_existing_user',
                              'ordered_by_affiliate', 'affiliate_premises', 'not_ordered_at_signup',
                              'outside_one_year', 'excluded_product'], outcome)

-- name: runs_accrual_counts
-- The same for every committed run, newest month first: for `payouts status`.
select month, outcome, orders from run_accrual_outcomes
order by month desc, array_position(array['accrued', 'no_click', 'partner', 'self_referral', 'managed_by_existing_user',
                              'ordered_by_affiliate', 'affiliate_premises', 'not_ordered_at_signup',
                              'outside_one_year', 'excluded_product'], outcome)

-- name: explain_order
-- $1 order number. Everything `payouts explain` says about one order, times as text in the
-- program's time zone. Nothing that identifies the customer (no IP, no user).
select o.order_ref, o.product, o.amount, o.currency,
       to_char(o.ordered_at, 'YYYY-MM-DD HH24:MI:SS TZ') as ordered_at,
       to_char(o.refunded_at, 'YYYY-MM-DD HH24:MI:SS TZ') as refunded_at,
       to_char(o.ordered_at + interval '30 days', 'YYYY-MM-DD HH24:MI:SS TZ') as guarantee_ends_at,
       d.order_id is not null as decided,
       to_char(ac.decided_at, 'YYYY-MM-DD HH24:MI:SS TZ') as decided_at,
       d.reason,
       to_char(cu.created_at, 'YYYY-MM-DD HH24:MI:SS TZ') as account_created_at,
       to_char(cu.created_at + interval '1 year', 'YYYY-MM-DD HH24:MI:SS TZ') as one_year_ends_at,
       to_char(cu.created_at - interval '30 days', 'YYYY-MM-DD HH24:MI:SS TZ') as click_window_starts_at,
       d.click_id,
       to_char(k.clicked_at, 'YYYY-MM-DD HH24:MI:SS TZ') as clicked_at,
       d.affiliate_id, a.name as affiliate_name,
       d.account_currency, trunc(d.tier_earnings, 2) as tier_earnings_shown, d.tier_min_earnings, d.rate,
       nt.min_earnings as next_tier_min_earnings, nt.rate as next_tier_rate,
       c.id as commission_id, c.amount as commission_amount, c.currency as commission_currency,
       v.reason as void_reason, pr.month as paid_in_month,
       -- the void rules of §3 (an excluded product first, as collect decides), and whether
       -- the guarantee is over now
       exists (select 1 from excluded_products x where x.product = c.product) as product_excluded,
       cr.refunded_at < cr.ordered_at + interval '30 days' as refunded_within_guarantee,
       o.ordered_at + interval '30 days' <= now() as guarantee_over
from orders o
join customers cu on cu.id = o.customer_id
left join order_decisions d on d.order_id = o.id
left join accruals ac on ac.id = d.accrual_id
left join clicks k on k.id = d.click_id
left join affiliates a on a.id = d.affiliate_id
left join commissions c on c.id = d.commission_id
left join commissions_with_order_refunds cr on cr.id = d.commission_id
left join voided_commissions v on v.commission_id = c.id
left join payout_items pi on pi.commission_id = c.id
left join payout_runs pr on pr.id = pi.run_id
left join lateral (
    select ct.min_earnings, ct.rate from commission_tiers ct
    where d.tier_min_earnings is not null and ct.min_earnings > d.tier_min_earnings
    order by ct.min_earnings
    limit 1
) nt on true
where o.order_ref = $1
