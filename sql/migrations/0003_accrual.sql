-- Commission accrual (orders → commissions). Upstream writes clicks, customers and orders;
-- `payouts accrue` decides each order once: a commission it adds to `commissions`, or the
-- first reason why the order earns none. Constraints are named after what they refuse, so
-- an upstream system that writes bad rows reads the rule in its error message.

-- The affiliate's own user and the addresses (home, office) the program recognises; an
-- entry may be a single address or a network. Garbage is refused by the inet type itself.
alter table affiliates add column user_id bigint;
alter table affiliates add column known_ips inet[] not null default '{}';
alter table affiliates add constraint affiliates_known_ips_without_nulls
    check (array_position(known_ips, null) is null);

create table clicks (
    id           bigint primary key,
    affiliate_id bigint not null references affiliates (id),
    visitor      text not null constraint clicks_visitor_not_blank check (btrim(visitor) <> ''),
    clicked_at   timestamptz not null
);
-- Attribution looks up the last click of a visitor before a point in time.
create index clicks_visitor_idx on clicks (visitor, clicked_at);

create table customers (
    id                       bigint primary key,
    created_at               timestamptz not null,
    visitor                  text,  -- the 30-day cookie seen at sign-up; null: no click possible
    signup_ip                inet,
    user_id                  bigint,  -- the person who created the account
    managed_by_existing_user boolean not null default false
);

create table orders (
    -- Accrued commission ids derive from order ids (see commissions below), hence the range.
    id                 bigint primary key
                       constraint orders_id_between_1_and_223372036854775807
                       check (id between 1 and 223372036854775807),
    customer_id        bigint not null references customers (id),
    order_ref          text not null constraint orders_order_ref_unique unique
                       constraint orders_order_ref_not_blank check (btrim(order_ref) <> ''),
    product            text not null,
    -- What the commission is a share of. A refund is recorded in refunded_at, never as a
    -- negative order.
    amount             numeric(18, 2) not null
                       constraint orders_amount_not_negative_refunds_use_refunded_at check (amount >= 0),
    currency           char(3) not null references currencies (code),
    ordered_at         timestamptz not null,
    placed_at_signup   boolean not null default false,
    ordered_by_user_id bigint,
    ip                 inet,
    refunded_at        timestamptz,
    constraint orders_refunded_at_not_before_ordered_at check (refunded_at >= ordered_at)
);
create index orders_ordered_at_idx on orders (ordered_at);
create index orders_customer_idx on orders (customer_id) where placed_at_signup;

-- Configuration, edited by finance: the rate applies from `min_earnings` of cumulative
-- earnings in the affiliate's account currency. Rates have at most 2 decimals so that an
-- order amount (2 decimals) times the rate is exact in a commission's 4 decimals.
create table commission_tiers (
    min_earnings numeric primary key
                 constraint commission_tiers_min_earnings_not_negative check (min_earnings >= 0),
    rate         numeric not null
                 constraint commission_tiers_rate_between_0_and_1_at_most_2_decimals
                 check (rate > 0 and rate <= 1 and scale(rate) <= 2)
);
insert into commission_tiers (min_earnings, rate) values (0, 0.25), (50, 0.30), (1000, 0.35), (20000, 0.50);

-- Accrued commission ids: 9000000000000000000 + the order id. Upstream keeps its ids below
-- that, which the check tells it; the processor-owned column accrued_order_id marks the
-- rows accrual wrote (upstream is granted no access to it, see roles.sql).
alter table commissions add column accrued_order_id bigint unique references orders (id);
alter table commissions add constraint commission_ids_from_9e18_are_reserved_for_accrual check (
    case when accrued_order_id is null then id < 9000000000000000000
         else id = 9000000000000000000 + accrued_order_id end);

-- The refund rule of a commission, in one place: an accrued commission is refunded when its
-- order is (upstream records the refund on the order, possibly after accrual); any other
-- commission when upstream says so on the commission.
create view commissions_with_order_refunds as
select c.id, c.affiliate_id, c.order_ref, c.product, c.amount, c.currency, c.ordered_at,
       case when c.accrued_order_id is null then c.refunded_at else o.refunded_at end as refunded_at,
       c.settled_run_id, c.accrued_order_id
from commissions c
left join orders o on o.id = c.accrued_order_id;

-- The rate rule of §3 as periods, in one place for accrual: per pair in either direction, the
-- rate that applies from valid_from until the next quote of that pair (valid_until, null: still
-- current). The most recent quote wins; a direct and an inverse quote at the same instant: the
-- direct one (as the run's rule). inverse: quoted target→source, used as 1/rate.
create view exchange_rate_periods as
with quoted as (
    select distinct on (q.source, q.target, q.valid_from) q.source, q.target, q.rate, q.inverse, q.valid_from
    from (
        select e.base as source, e.quote as target, e.rate, false as inverse, e.valid_from from exchange_rates e
        union all
        select e.quote, e.base, e.rate, true, e.valid_from from exchange_rates e
    ) q
    order by q.source, q.target, q.valid_from, q.inverse
)
select source, target, rate, inverse, valid_from,
       lead(valid_from) over (partition by source, target order by valid_from) as valid_until
from quoted;

-- Which commissions count toward tier earnings, in one place: not void by §3 (refunded within
-- the 30 days, or an excluded product), counted from validated_at on (30 calendar days in the
-- session's time zone after the order).
create view tier_earning_commissions as
select c.id, c.affiliate_id, c.currency, c.amount, c.ordered_at, c.ordered_at + interval '30 days' as validated_at
from commissions_with_order_refunds c
where (c.refunded_at is null or c.refunded_at >= c.ordered_at + interval '30 days')
  and not exists (select 1 from excluded_products x where x.product = c.product);

-- Tier earnings read the commissions validated within an accrual window by when they were ordered.
create index commissions_ordered_at_idx on commissions (ordered_at);

-- One accrual: when it decided and up to which instant.
create table accruals (
    id          bigint generated always as identity primary key,
    until       timestamptz not null,
    decided_at  timestamptz not null,
    time_zone   text not null,
    orders      int not null default 0,
    commissions int not null default 0
);
create index accruals_decided_at_idx on accruals (decided_at);

-- The processor's decision per order: final, never updated. A commission (commission_id,
-- with the tier used) or the first reason that applies. Only the order and the accrual are
-- foreign keys: click and commission come from the same statement, and upstream cannot
-- delete clicks or commissions; each foreign key costs a check per decided order.
create table order_decisions (
    order_id          bigint primary key references orders (id),
    accrual_id        bigint not null references accruals (id),
    customer_id       bigint not null,  -- as the order said when decided
    click_id          bigint,
    affiliate_id      bigint,           -- the click's affiliate
    reason            text constraint order_decisions_reason_known check (reason in (
                          'no_click', 'partner', 'self_referral', 'managed_by_existing_user',
                          'ordered_by_affiliate', 'affiliate_premises', 'not_ordered_at_signup',
                          'outside_one_year', 'excluded_product')),
    account_currency  char(3),  -- the affiliate's account currency the earnings are counted in
    tier_earnings     numeric,  -- cumulative validated earnings at ordered_at, exact
    tier_min_earnings numeric,
    rate              numeric,
    commission_id     bigint unique,
    constraint order_decisions_commission_or_reason check ((reason is null) = (commission_id is not null)),
    constraint order_decisions_commission_has_tier check ((reason is null) = (rate is not null and tier_earnings is not null)),
    constraint order_decisions_click_names_affiliate check ((click_id is null) = (affiliate_id is null)),
    constraint order_decisions_no_click_means_no_affiliate check ((reason is not distinct from 'no_click') = (click_id is null))
);
create index order_decisions_accrual_idx on order_decisions (accrual_id);

-- Decisions are final: an affiliate's history never changes behind its back.
create function refuse_changing_order_decisions() returns trigger
language plpgsql
as $$
begin
    raise exception 'order decisions are final: % of order % refused', lower(tg_op), old.order_id
        using errcode = 'integrity_constraint_violation',
              hint = 'late data only affects orders not decided yet (see docs/rules.md)';
end
$$;
create trigger order_decisions_are_final before update or delete on order_decisions
    for each row execute function refuse_changing_order_decisions();

-- The accrual high-water mark of a run: the newest accrual its transaction could see (null:
-- none yet). A run's report counts the decisions of the accruals after the previous run's
-- mark up to its own, by id: exact even when an accrual and a run fall in the same second,
-- and the same on every re-export. Accruals and runs take the same lock, so no accrual is
-- half-visible to a run.
alter table payout_runs add column latest_accrual_id bigint;

-- Orders decided since the previous run, per run and outcome (`accrued` or a reason): the
-- decisions of the accruals after the mark of the run of the latest earlier month up to the
-- run's own mark. Read from recorded marks only, so a run's figures never change.
create view run_accrual_outcomes as
with marks as (
    select id as run_id, month, latest_accrual_id as upto,
           lag(latest_accrual_id) over (order by month) as after
    from payout_runs
)
select m.run_id, m.month, coalesce(d.reason, 'accrued') as outcome, count(*)::bigint as orders
from marks m
join order_decisions d on d.accrual_id > coalesce(m.after, 0) and d.accrual_id <= m.upto
group by m.run_id, m.month, coalesce(d.reason, 'accrued');
