-- An order's refund marks its accrued commission by the id accrual gives that commission
-- (9e18 + the order id, enforced by 0003's check), whether or not the refunding transaction
-- can see the commission yet.
--
-- 0019 marked the commissions the refunding transaction found by `accrued_order_id`. An
-- accrual still running when a refund committed inserted the commission afterwards, and its
-- open-list copy (0018) carried the refund time of the accrual's snapshot, taken before the
-- refund: the refunding transaction had found nothing to mark, so the run read the copy and
-- paid a commission the order's refund voids. Marking the id closes that window.
--
-- A mark only makes collect read the commission as `commissions_with_order_refunds` has it
-- in the run's snapshot, so a mark too many is harmless: one whose commission never comes (an
-- order no affiliate referred) costs a look-up by id, and settle removes it with the other
-- marks that have no open row. Only a change of `refunded_at` marks: it is the one column of
-- `orders` the run reads.

-- The affiliate is unknown when the commission is not visible to the refunding transaction.
alter table open_commission_changes alter column affiliate_id drop not null;
comment on column open_commission_changes.affiliate_id is
    'the commission''s affiliate; null when an order''s refund marked a commission its transaction could not see (0020)';

create or replace function record_open_commission_changes() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
begin
    if TG_TABLE_NAME = 'orders' then
        insert into open_commission_changes (commission_id, affiliate_id)
        select 9000000000000000000 + n.id, c.affiliate_id
        from changed n
        join changed_before b on b.id = n.id
        left join commissions c on c.id = 9000000000000000000 + n.id
        where n.refunded_at is distinct from b.refunded_at
          -- an order id accrual could not give a commission id to (the sum would overflow)
          and n.id <= 9223372036854775807 - 9000000000000000000;
    else
        insert into open_commission_changes (commission_id, affiliate_id) select n.id, n.affiliate_id from changed n;
    end if;
    return null;
end
$$;

drop trigger orders_refund_changes_recorded on orders;
create trigger orders_refund_changes_recorded
    after update on orders referencing old table as changed_before new table as changed
    for each statement execute function record_open_commission_changes();
alter table orders enable always trigger orders_refund_changes_recorded;
