-- A deterministic synthetic data set for scripts/benchmark-accrual (never used in
-- production). psql variables: :orders, :customers, :affiliates. Customers sign up from
-- November 2024 to October 2025, each after a click (10% without a cookie, 20% with an
-- earlier click for another affiliate), and order about :orders / :customers times over their
-- first year: the sign-up order, then renewals and new products every 36 days. CHF and EUR
-- orders, 3% refunded within the guarantee, 2.5% excluded products, and a sprinkling of every
-- reason (partners, self-referrals, managed accounts, orders by or from the affiliate).
\set ON_ERROR_STOP on
set timezone = 'Europe/Zurich';

insert into exchange_rates (base, quote, rate, valid_from)
select 'EUR', 'CHF', 0.93 + (m % 5) * 0.01, timestamptz '2024-01-01 00:00+01' + m * interval '1 month'
from generate_series(0, 35) m;

insert into affiliates (id, name, account_currency, payout_method, iban, town, country, is_partner, user_id, known_ips)
select i, 'Affiliate ' || i, case when i % 4 = 0 then 'EUR' else 'CHF' end, 'iban', 'CH9300762011623852957',
       'Zürich', 'CH', i % 200 = 0, 1000000 + i,
       array[('10.' || (i / 256) % 256 || '.' || i % 256 || '.0/24')::inet]
from generate_series(1, :affiliates) i;

insert into customers (id, created_at, visitor, signup_ip, user_id, managed_by_existing_user)
select c,
       timestamptz '2024-11-01 00:00+01' + (c % 365) * interval '1 day' + (c * 7919 % 86400) * interval '1 second',
       case when c % 10 <> 0 then 'visitor-' || c end,
       case when c % 97 = 0 then ('10.' || ((1 + c % :affiliates) / 256) % 256 || '.' || (1 + c % :affiliates) % 256 || '.9')::inet
            else ('192.0.2.' || c % 250)::inet end,
       5000000 + c,
       c % 53 = 0
from generate_series(1, :customers) c;

-- the attributing click, up to 29 days before the account (some fall outside the 30 days)
insert into clicks (id, affiliate_id, visitor, clicked_at)
select c, 1 + c % :affiliates, cu.visitor, cu.created_at - (c % 32) * interval '1 day' + interval '1 minute'
from customers cu cross join lateral (select cu.id as c) x
where cu.visitor is not null;
-- an earlier click for another affiliate: the last click wins
insert into clicks (id, affiliate_id, visitor, clicked_at)
select :customers + c, 1 + (c * 31) % :affiliates, cu.visitor, cu.created_at - interval '31 days' + (c % 5) * interval '1 day'
from customers cu cross join lateral (select cu.id as c) x
where cu.visitor is not null and c % 5 = 0;

insert into orders (id, customer_id, order_ref, product, amount, currency, ordered_at, placed_at_signup,
                    ordered_by_user_id, ip, refunded_at)
select n, cu.id, 'ORD-' || n,
       case when n % 40 = 0 then 'domain' else (array['ksuite', 'vps', 'public_cloud'])[1 + n % 3] end,
       5 + (n * 13 % 50000) / 100.0,
       case when n % 3 = 0 then 'EUR' else 'CHF' end,
       cu.created_at + k * interval '36 days' + interval '5 minutes',
       k = 0 and cu.id % 41 <> 0,
       case when n % 211 = 0 then 1000000 + 1 + cu.id % :affiliates end,
       case when n % 223 = 0 then ('10.' || ((1 + cu.id % :affiliates) / 256) % 256 || '.' || (1 + cu.id % :affiliates) % 256 || '.7')::inet end,
       case when n % 33 = 0 then cu.created_at + k * interval '36 days' + interval '3 days' end
from generate_series(1, :orders) n
cross join lateral (select 1 + (n - 1) % :customers as id, (n - 1) / :customers as k) x
join customers cu on cu.id = x.id;

analyze;
