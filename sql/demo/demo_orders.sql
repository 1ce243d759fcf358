-- The accrual input of the demo (`scripts/demo`, after demo_data.sql; never used in
-- production): clicks, customers and orders from May to October 2026, which
-- `payouts accrue` turns into commissions. Most customers clicked an affiliate link before
-- signing up; some did not (no cookie, or a click more than 30 days old), and a sprinkling of
-- orders meets each of the program's reasons: a partner's customer (affiliate 7),
-- self-referrals, managed accounts, orders by the affiliate or from its office, customers who
-- ordered nothing at sign-up, excluded products. Refunds within the guarantee are voided by
-- the run. Orders WEB-00000001 … are the ones to try `payouts explain` on.

set timezone = 'Europe/Zurich';

update affiliates set user_id = 100000 + id;
update affiliates set known_ips = array['198.51.0.0'::inet + id] where id % 10 = 3;

insert into customers (id, created_at, visitor, signup_ip, user_id, managed_by_existing_user)
select c,
       timestamptz '2026-05-01 08:00+02' + (c * 11 % 165) * interval '1 day' + (c % 600) * interval '1 minute',
       case when c % 12 <> 0 then 'cookie-' || c end,
       case when c % 53 = 3 then '198.51.0.0'::inet + (1 + (c * 7) % 300) else ('203.0.113.' || c % 250)::inet end,
       case when c % 59 = 0 then 100000 + 1 + (c * 7) % 300 else 500000 + c end,
       c % 61 = 0
from generate_series(1, 1200) c;

-- The last click before sign-up decides; every 9th customer also clicked another affiliate's
-- link earlier, and every 17th clicked more than 30 days before signing up.
insert into clicks (id, affiliate_id, visitor, clicked_at)
select c, 1 + (c * 7) % 300, cu.visitor,
       cu.created_at - case when c % 17 = 0 then interval '32 days' else (c % 25) * interval '1 day' + interval '5 minutes' end
from customers cu cross join lateral (select cu.id as c) x
where cu.visitor is not null;
insert into clicks (id, affiliate_id, visitor, clicked_at)
select 10000 + c, 1 + (c * 13) % 300, cu.visitor, cu.created_at - interval '28 days'
from customers cu cross join lateral (select cu.id as c) x
where cu.visitor is not null and c % 9 = 0;

-- Up to four orders per customer: the sign-up order, then renewals and new products every
-- 40 days, as far as the end of October.
insert into orders (id, customer_id, order_ref, product, amount, currency, ordered_at, placed_at_signup,
                    ordered_by_user_id, ip, refunded_at)
select n, cu.id, 'WEB-' || lpad(n::text, 8, '0'),
       (array['ksuite', 'vps', 'public_cloud', 'web_hosting', 'kdrive', 'ksuite', 'vps', 'domain'])[1 + n % 8],
       round((12 + (n * 7919 % 28000) / 100.0)::numeric, 2),
       case when n % 5 = 0 then 'EUR' else 'CHF' end,
       cu.created_at + k * interval '40 days' + interval '3 minutes',
       k = 0 and cu.id % 47 <> 0,
       case when n % 67 = 0 then 100000 + 1 + (cu.id * 7) % 300 end,
       case when n % 71 = 0 then '198.51.0.0'::inet + (1 + (cu.id * 7) % 300) end,
       case when n % 23 = 0 then cu.created_at + k * interval '40 days' + interval '6 days' end
from generate_series(1, 4800) n
cross join lateral (select 1 + (n - 1) % 1200 as id, (n - 1) / 1200 as k) x
join customers cu on cu.id = x.id
where cu.created_at + k * interval '40 days' < timestamptz '2026-11-01 00:00+01';
