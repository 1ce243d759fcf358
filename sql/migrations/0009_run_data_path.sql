-- The run's data path at scale (issue 9). The open commissions become the processor's own
-- table instead of a column on the input table, and the run's bulk writes stop checking
-- foreign keys row by row (the run checks its records once, set-based, before it commits:
-- `check_run` in run.sql). The ledger's primary key on commission_id stays: it is what makes
-- paying a commission twice impossible.

-- The open list: every commission neither paid (payout_items) nor voided (voided_commissions).
-- Settling deletes from it; `commissions` itself is never updated by the processor again, so
-- a run costs what the open commissions cost, not the paid history.
create table open_commissions (
    commission_id bigint primary key,
    affiliate_id  bigint not null
);

-- Fed by the commissions that upstream inserts, in the inserting transaction (so it commits
-- with the row, whatever the order ids or times arrive in): one set-based insert per
-- statement, COPY included. SECURITY DEFINER: upstream needs no grant on the open list.
-- ENABLE ALWAYS: rows applied by logical replication are opened too. A commission id the
-- ledger or the void table already knows is never reopened.
create function open_inserted_commissions() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
begin
    insert into open_commissions (commission_id, affiliate_id)
    select n.id, n.affiliate_id
    from inserted n
    where not exists (select 1 from payout_items p where p.commission_id = n.id)
      and not exists (select 1 from voided_commissions v where v.commission_id = n.id)
    on conflict (commission_id) do nothing;
    return null;
end
$$;
create trigger commissions_open_on_insert
    after insert on commissions referencing new table as inserted
    for each statement execute function open_inserted_commissions();
alter table commissions enable always trigger commissions_open_on_insert;

-- Existing data: what settled_run_id said was open is the open list.
insert into open_commissions (commission_id, affiliate_id)
select id, affiliate_id from commissions where settled_run_id is null;

-- The maturity rule, in its new place (same rule as 0002's open_matured_commissions): open
-- commissions whose order is 30 calendar days old at `as_of`, in the session's time zone.
-- One SQL expression, not STRICT: the planner inlines it into the run's statements.
drop function open_matured_commissions(timestamptz);
create function matured_open_commissions(as_of timestamptz)
returns table (id bigint, affiliate_id bigint, order_ref text, amount numeric(18, 4), currency char(3))
language sql stable
as $$
    select c.id, c.affiliate_id, c.order_ref, c.amount, c.currency
    from open_commissions o
    join commissions c on c.id = o.commission_id
    where c.ordered_at <= as_of
      and c.ordered_at + interval '30 days' <= as_of
$$;

-- The refund view of accrual (0003) carried settled_run_id: the same view without it, and
-- the view that reads it, unchanged, recreated around the column's removal.
drop view tier_earning_commissions;
drop view commissions_with_order_refunds;
drop index commissions_open_idx;
alter table commissions drop column settled_run_id;
create view commissions_with_order_refunds as
select c.id, c.affiliate_id, c.order_ref, c.product, c.amount, c.currency, c.ordered_at,
       case when c.accrued_order_id is null then c.refunded_at else o.refunded_at end as refunded_at,
       c.accrued_order_id
from commissions c
left join orders o on o.id = c.accrued_order_id;
create view tier_earning_commissions as
select c.id, c.affiliate_id, c.currency, c.amount, c.ordered_at, c.ordered_at + interval '30 days' as validated_at
from commissions_with_order_refunds c
where (c.refunded_at is null or c.refunded_at >= c.ordered_at + interval '30 days')
  and not exists (select 1 from excluded_products x where x.product = c.product);

-- Row-by-row foreign keys on the run's bulk writes: checked once per run by check_run.
alter table payout_items drop constraint payout_items_commission_id_fkey;
alter table payout_items drop constraint payout_items_run_id_affiliate_id_fkey;
alter table run_conversions drop constraint run_conversions_run_id_affiliate_id_fkey;
alter table run_conversions drop constraint run_conversions_source_currency_fkey;
alter table voided_commissions drop constraint voided_commissions_commission_id_fkey;
alter table voided_commissions drop constraint voided_commissions_affiliate_id_fkey;
alter table voided_commissions drop constraint voided_commissions_run_id_fkey;
alter table run_affiliates drop constraint run_affiliates_affiliate_id_fkey;
alter table run_affiliates drop constraint run_affiliates_currency_fkey;
alter table run_affiliates drop constraint run_affiliates_run_id_fkey;

-- The ledger is append-only by run and run ids grow: a BRIN on run_id finds a run's rows
-- (export, reversal) and costs almost nothing per insert; the btree it replaces made every
-- ledger row one more index insert (half the settle phase's write time at 500,000 rows).
-- Readers sort the run's rows themselves (the statement's order by affiliate and commission).
drop index payout_items_run_idx;
create index payout_items_run_brin on payout_items using brin (run_id);
