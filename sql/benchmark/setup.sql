-- Benchmark data, part 1 of 2 (never used in production): the company's accounts, exchange
-- rates and :affiliates affiliates across the three channels. Part 2, month.sql, adds one
-- month of commissions and runs once per benchmarked month.
\set ON_ERROR_STOP on
set timezone = 'Europe/Zurich';

insert into debtor_accounts (currency, name, iban, bic, street, building_number, postcode, town, country) values
  ('CHF', 'Benchmark SA', 'CH9300762011623852957', 'UBSWCHZH80A', 'Rue du Lac', '1', '1227', 'Carouge', 'CH'),
  ('EUR', 'Benchmark SA', 'CH5604835012345678009', 'UBSWCHZH80A', 'Rue du Lac', '1', '1227', 'Carouge', 'CH');
-- Valid for every benchmarked month; EUR→CHF is also used inverted (CHF commissions of EUR accounts).
insert into exchange_rates (base, quote, rate, valid_from) values
  ('EUR', 'CHF', 0.9312, '2026-01-01'), ('USD', 'CHF', 0.8810, '2026-01-01'), ('EUR', 'USD', 1.0820, '2026-01-01');

insert into affiliates (id, name, account_currency, payout_method, prepaid_account, paypal_email, iban,
                        street, building_number, postcode, town, country, is_partner, suspended)
select i, 'Affiliate ' || i,
       case when i % 3 = 0 then 'EUR' else 'CHF' end,
       (array['iban', 'paypal', 'prepaid'])[1 + (i / 3) % 3],
       'IK-' || i, 'affiliate' || i || '@example.org',
       case when i % 3 = 0 then 'DE89370400440532013000' else 'CH9300762011623852957' end,
       'Bahnhofstrasse', '1', '8001', 'Zürich', 'CH', i % 97 = 0, i % 211 = 0
from generate_series(1, :affiliates) i;
