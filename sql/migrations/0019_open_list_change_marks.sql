-- A change of a commission after its copy in the open list (0018) is recorded as the
-- commission's id (and affiliate, the key a distributed database would colocate it by,
-- docs/scaling.md) only, for every commission changed, open or not; collect reads the marked
-- commissions as `commissions` has them in the run's snapshot (by primary key while they are
-- few against the history), and the copy for all the others.
--
-- 0018 appended the commission's values after the change, and only while it was open. Two
-- races made those values wrong:
-- - a commission and its order changed by two transactions at once (a corrected amount, the
--   order's refund): each recorded what it saw, the other's change not yet committed, and the
--   later record, which collect took, missed the earlier change;
-- - a commission changed while a reversal was reopening it: the change saw no open row (the
--   reversal not yet committed) and recorded nothing, and the reopened copy had the values
--   from before it.
-- A mark is written in the changing transaction itself, so a snapshot that sees the change
-- sees its mark, and what collect reads is the commission itself. Upstream still only inserts
-- into this list and never touches a row the run deletes; settle removes the marks of what it
-- closes and of commissions no longer open.

-- Marks need no order (0018 took the latest values by `id`), so none is kept: a commission
-- is either marked or not, found through the index on commission_id.
alter table open_commission_changes
    drop column id, drop column order_ref, drop column product, drop column amount,
    drop column currency, drop column ordered_at, drop column refunded_at;

-- The commissions updated, or those accrued from the orders updated (an order's refund is
-- its commission's, commissions_with_order_refunds). One set-based insert per upstream
-- statement. A commission whose id changed is closed under its old id only by a run (its old
-- id's mark finds no commission, so the copy stays); ids are not meant to change
-- (docs/input-contract.md).
create or replace function record_open_commission_changes() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
begin
    if TG_TABLE_NAME = 'orders' then
        insert into open_commission_changes (commission_id, affiliate_id)
        select c.id, c.affiliate_id from commissions c where c.accrued_order_id in (select n.id from changed n);
    else
        insert into open_commission_changes (commission_id, affiliate_id) select n.id, n.affiliate_id from changed n;
    end if;
    return null;
end
$$;
