-- A realistic, deterministic demo data set for `scripts/demo` (never used in production):
-- 300 affiliates in CHF and EUR across the three payout channels, commissions from
-- July to October 2026 in several currencies, refunds within and after the guarantee,
-- excluded products, corrections, a partner, a suspended account, an invalid IBAN, a PayPal
-- address that is not an e-mail, a currency without a rate and an address without a town.
-- Demo month: as-of 2026-11-01.

set timezone = 'Europe/Zurich';

-- IBAN with correct ISO 13616 check digits from a country code and a numeric BBAN.
create function pg_temp.demo_iban(country text, bban text) returns text language sql immutable as $$
    select country
        || lpad((98 - (bban || (ascii(substr(country, 1, 1)) - 55)::text
                            || (ascii(substr(country, 2, 1)) - 55)::text || '00')::numeric % 97)::text, 2, '0')
        || bban
$$;

insert into debtor_accounts (currency, name, iban, bic, street, building_number, postcode, town, country) values
  ('CHF', 'Demo Hosting SA', pg_temp.demo_iban('CH', '00762011623852957'), 'UBSWCHZH80A', 'Rue du Lac', '12', '1227', 'Carouge', 'CH'),
  ('EUR', 'Demo Hosting SA', pg_temp.demo_iban('CH', '00762011623859999'), 'UBSWCHZH80A', 'Rue du Lac', '12', '1227', 'Carouge', 'CH');

insert into exchange_rates (base, quote, rate, valid_from) values
  ('EUR', 'CHF', 0.9350, '2026-09-01 00:00+02'),
  ('EUR', 'CHF', 0.9312, '2026-10-28 00:00+01'),
  ('CHF', 'EUR', 1.0740, '2026-10-28 00:00+01'),
  ('USD', 'CHF', 0.8810, '2026-10-28 00:00+01'),
  ('EUR', 'USD', 1.0820, '2026-10-28 00:00+01');   -- USD→EUR only as an inverse quote
-- No GBP rate at all: affiliates with GBP commissions are held with missing_rate.

insert into affiliates (id, name, account_currency, payout_method, prepaid_account, paypal_email,
                        iban, bic, account_holder, street, building_number, postcode, town, country,
                        is_partner, suspended)
select i,
       (array['Müller Webdesign', 'Léa Dubois', 'Østergaard & Søn', 'Café Zürich GmbH', 'Anna Rossi',
              'José Peña', 'Björn Ångström', 'Zoë O''Brien', '=HYPERLINK("x")', 'Studio 北京'])[1 + i % 10]
           || ' ' || i,
       case when i % 4 = 0 then 'EUR' else 'CHF' end,
       (array['iban', 'paypal', 'prepaid'])[1 + (i / 2) % 3],
       'IK-' || lpad(i::text, 7, '0'),
       'affiliate' || i || '@example.org',
       case when i % 2 = 0 then pg_temp.demo_iban('CH', lpad((80000 + i)::text, 5, '0') || lpad(i::text, 12, '0'))
            else lower(substr(x.iban, 1, 4) || ' ' || substr(x.iban, 5, 4) || ' ' || substr(x.iban, 9)) end,
       null, null,
       'Bahnhofstrasse', (i % 90 + 1)::text, (8000 + i % 100)::text, 'Zürich', 'CH',
       false, false
from generate_series(1, 300) i,
     lateral (select pg_temp.demo_iban('DE', lpad((37040044 + i)::text, 8, '0') || lpad(i::text, 10, '0')) as iban) x;

-- The special cases.
update affiliates set is_partner = true where id = 7;
update affiliates set suspended = true where id = 11;
update affiliates set payout_method = 'iban', iban = 'CH93 0076 2011 6238 5295 8' where id = 15;  -- one digit wrong
update affiliates set payout_method = 'paypal', paypal_email = 'not-an-email' where id = 16;
update affiliates set payout_method = 'iban', town = null where id = 21;
update affiliates set payout_method = 'prepaid', prepaid_account = null where id = 26;  -- prepaid without an account
update affiliates set payout_method = 'prepaid', prepaid_account = '=1+2' where id = 27;    -- would become a formula

-- Commissions: several per affiliate and month, most in the account currency.
insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at)
select n,
       a,
       'ORD-' || lpad(n::text, 8, '0'),
       (array['ksuite', 'vps', 'public_cloud', 'web_hosting', 'ai_tools', 'jelastic', 'domain', 'kdrive'])[1 + n % 8],
       round((5 + (n * 7919 % 6000) / 100.0)::numeric, 2),
       case when n % 11 = 0 then 'EUR' when n % 13 = 0 then 'CHF' when n % 97 = 0 then 'USD'
            else (select account_currency from affiliates where id = a) end,
       timestamptz '2026-07-01 09:00+02' + ((n * 37) % 115) * interval '1 day' + (n % 600) * interval '1 minute',
       null
from generate_series(1, 2400) n, lateral (select 1 + (n * 17) % 300 as a) f;

update commissions set refunded_at = ordered_at + interval '3 days' where id % 29 = 0;    -- within the guarantee: void
update commissions set refunded_at = ordered_at + interval '45 days' where id % 31 = 0;   -- after it: still paid
insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at) values
  (900001, 5, 'ORD-C0000001', 'ksuite', -12.50, 'CHF', '2026-09-15 10:00+02'),               -- a correction
  (900002, 40, 'ORD-G0000001', 'vps', 80.00, 'GBP', '2026-09-02 10:00+02');                   -- no GBP rate
