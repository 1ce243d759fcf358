-- A payout's state reads `duplicate_rejected` for every duplicate a bank reports, not only
-- AM05: a bank rejection or return that moves no money back is a duplicate by the one rule
-- that decides it (ReturnStatus, recorded as `money_back` on each return), whatever the code
-- (AM05, DU01-DU05, DUPL).
create or replace view payout_states as
select ra.run_id, ra.affiliate_id, ra.method, ra.currency, ra.amount,
       case
           when last.money_back then 'returned'
           when last.status in ('RJCT', 'RTRN') then 'duplicate_rejected'
           when last.status is not null then 'pending'
           when exists (select 1 from payout_file_sends s
                        where s.run_id = ra.run_id and s.channel = ra.method and s.currency = ra.currency) then 'sent'
           else 'exported'
       end as state,
       last.status as last_status, last.reason_code
from run_affiliates ra
left join lateral (
    select p.money_back, p.status, p.reason_code from payout_returns p
    where p.run_id = ra.run_id and p.affiliate_id = ra.affiliate_id
    order by p.money_back desc, p.id desc limit 1
) last on true
where ra.status = 'paid';
