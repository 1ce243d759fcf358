-- A deterministic synthetic data set for scripts/benchmark (never used in production).
-- psql variables: :affiliates, :commissions. Commissions spread over August to October
-- 2026 (run as-of 2026-11-01), in CHF, EUR and USD, about 3% refunded within the guarantee,
-- 2% excluded products, 1% corrections; affiliates across the three channels.
\set ON_ERROR_STOP on
set timezone = 'Europe/Zurich';

insert into debtor_accounts (currency, name, iban, bic, street, building_number, postcode, town, country) values
  ('CHF', 'Benchmark SA', 'CH9300762011623852957', 'UBSWCHZH80A', 'Rue du Lac', '1', '1227', 'Carouge', 'CH'),
  ('EUR', 'Benchmark SA', 'CH5604835012345678009', 'UBSWCHZH80A', 'Rue du Lac', '1', '1227', 'Carouge', 'CH');
insert into exchange_rates (base, quote, rate, valid_from) values
  ('EUR', 'CHF', 0.9312, '2026-10-01'), ('USD', 'CHF', 0.8810, '2026-10-01'), ('EUR', 'USD', 1.0820, '2026-10-01');

insert into affiliates (id, name, account_currency, payout_method, prepaid_account, paypal_email, iban,
                        street, building_number, postcode, town, country)
select i, 'Affiliate ' || i,
       case when i % 3 = 0 then 'EUR' else 'CHF' end,
       (array['iban', 'paypal', 'prepaid'])[1 + (i / 3) % 3],
       'IK-' || i, 'affiliate' || i || '@example.org',
       case when i % 3 = 0 then 'DE89370400440532013000' else 'CH9300762011623852957' end,
       'Bahnhofstrasse', '1', '8001', 'Zürich', 'CH'
from generate_series(1, :affiliates) i;

insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at)
select n,
       1 + (n::bigint * 7919) % :affiliates,
       'ORD-' || n,
       case when n % 50 = 0 then 'domain' else 'ksuite' end,
       case when n % 100 = 1 then -2.5 else 1 + (n % 2000) / 100.0 end,
       (array['CHF', 'CHF', 'EUR', 'USD'])[1 + n % 4],
       timestamptz '2026-08-01 00:00+02' + (n % 91) * interval '1 day' + (n % 86400) * interval '1 second',
       case when n % 33 = 0 then timestamptz '2026-08-01 00:00+02' + (n % 91) * interval '1 day' + interval '2 days' end
from generate_series(1, :commissions) n;

analyze;
