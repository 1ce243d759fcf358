-- The open list carries what the run reads of each open commission (issue 9). Collect joined
-- the list of ids with `commissions`, and that join read every commission ordered before
-- as-of, the paid history included: its cost grew every month. With the columns in the list,
-- collect reads the open commissions alone.
--
-- The copy is written once, when the commission is inserted, and never updated: upstream may
-- change an open commission at any time (a refund, a corrected amount) and must never wait for
-- a run or make it fail, so nothing upstream does may touch a row the run deletes. A change is
-- appended instead to `open_commission_changes` (the commission's values after it); collect
-- takes a commission's latest change over its copy, and settle removes the changes of the
-- commissions it closes. Upstream only ever inserts into either list.

alter table open_commissions
    add column order_ref   text,
    add column product     text,
    add column amount      numeric(18,4),
    add column currency    char(3),
    add column ordered_at  timestamptz,
    add column refunded_at timestamptz;  -- an accrued commission's: its order's (commissions_with_order_refunds)

update open_commissions o
set affiliate_id = c.affiliate_id, order_ref = c.order_ref, product = c.product, amount = c.amount,
    currency = c.currency, ordered_at = c.ordered_at, refunded_at = c.refunded_at
from commissions_with_order_refunds c
where c.id = o.commission_id;

-- An open id without its commission could never be collected (collect joined them); upstream
-- has no grant to delete commissions, so there is none, but none may stay without its columns.
delete from open_commissions where ordered_at is null;

alter table open_commissions
    alter column order_ref set not null, alter column product set not null,
    alter column amount set not null, alter column currency set not null,
    alter column ordered_at set not null;

-- Changes of open commissions after their insert, in the order they were made (`id`).
create table open_commission_changes (
    id            bigint generated always as identity primary key,
    commission_id bigint not null,
    affiliate_id  bigint not null,
    order_ref     text not null,
    product       text not null,
    amount        numeric(18,4) not null,
    currency      char(3) not null,
    ordered_at    timestamptz not null,
    refunded_at   timestamptz
);
create index open_commission_changes_commission_idx on open_commission_changes (commission_id);

-- Inserted commissions: their columns into the open list (replaces 0009's function; the
-- trigger stays). The refund time as the run reads it: an accrued commission's is its order's.
create or replace function open_inserted_commissions() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
begin
    insert into open_commissions (commission_id, affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at)
    select n.id, n.affiliate_id, n.order_ref, n.product, n.amount, n.currency, n.ordered_at,
           case when n.accrued_order_id is null then n.refunded_at else o.refunded_at end
    from inserted n
    left join orders o on o.id = n.accrued_order_id
    where not exists (select 1 from payout_items p where p.commission_id = n.id)
      and not exists (select 1 from voided_commissions v where v.commission_id = n.id)
    on conflict (commission_id) do nothing;
    return null;
end
$$;

-- Changed commissions that are open: their values after the change, appended. One set-based
-- insert per upstream statement, for both triggers below: the commissions updated, or those
-- accrued from the orders updated (an order's refund is its commission's,
-- commissions_with_order_refunds). A commission whose id changed is closed under its old id
-- only by a run (as before 0018, where the join no longer found it): its old id's change
-- carries no row, so the copy stays; ids are not meant to change (docs/input-contract.md).
create function record_open_commission_changes() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
declare
    changed_ids bigint[];
begin
    if TG_TABLE_NAME = 'orders' then
        select array_agg(c.id) into changed_ids
        from commissions c where c.accrued_order_id in (select n.id from changed n);
    else
        select array_agg(n.id) into changed_ids from changed n;
    end if;
    insert into open_commission_changes (commission_id, affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at)
    select c.id, c.affiliate_id, c.order_ref, c.product, c.amount, c.currency, c.ordered_at, c.refunded_at
    from commissions_with_order_refunds c
    where c.id = any (changed_ids)
      and exists (select 1 from open_commissions o where o.commission_id = c.id)
    order by c.id;
    return null;
end
$$;
create trigger commissions_changes_recorded
    after update on commissions referencing new table as changed
    for each statement execute function record_open_commission_changes();
alter table commissions enable always trigger commissions_changes_recorded;
create trigger orders_refund_changes_recorded
    after update on orders referencing new table as changed
    for each statement execute function record_open_commission_changes();
alter table orders enable always trigger orders_refund_changes_recorded;
