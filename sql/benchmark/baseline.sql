-- The yardstick of scripts/benchmark: the month's run as one careful psql script, with no
-- program around it. It does the work `payouts run` does — void, mature, convert, apply the
-- threshold and the holds it can decide in SQL, write a ledger row per paid commission (primary
-- key on the commission id) and a payout per paid affiliate, and stream every file out with
-- COPY, one statement line per paid commission — then rolls everything back, so the database
-- is left as it was. What was settled in earlier months is found in the project's own ledger
-- and void tables (payout_items, voided_commissions).
-- psql variables: :as_of (2026-11-01), :out (an existing folder for the files).
\set ON_ERROR_STOP on
\timing on
begin isolation level repeatable read;
set local timezone = 'Europe/Zurich';
select pg_advisory_xact_lock(7);

create temp table cutoff on commit drop as select (date :'as_of')::timestamptz as as_of;

-- Open commissions ordered before the cut-off, each with the reason it can never be paid.
create temp table candidates on commit drop as
select c.id, c.affiliate_id, c.order_ref, c.amount, c.currency,
       c.ordered_at + interval '30 days' <= k.as_of as matured,
       case when exists (select from excluded_products x where x.product = c.product) then 'excluded_product'
            when c.refunded_at < c.ordered_at + interval '30 days' and c.refunded_at < k.as_of then 'refunded_within_30_days'
       end as void_reason
from commissions c cross join cutoff k
where c.ordered_at < k.as_of
  and not exists (select from payout_items p where p.commission_id = c.id)
  and not exists (select from voided_commissions v where v.commission_id = c.id);

create table bench_voided (commission_id bigint primary key, reason text not null);
insert into bench_voided select id, void_reason from candidates where void_reason is not null;

-- Latest rate per ordered pair at the cut-off, the reverse quote used as its reciprocal.
create temp table pair_rates on commit drop as
select distinct on (source, target) source, target, factor
from (select e.base as source, e.quote as target, e.rate as factor, e.valid_from, 0 as pref
      from exchange_rates e, cutoff k where e.valid_from <= k.as_of
      union all
      select e.quote, e.base, 1 / e.rate, e.valid_from, 1
      from exchange_rates e, cutoff k where e.valid_from <= k.as_of) q
order by source, target, valid_from desc, pref;

create temp table balances on commit drop as
select s.affiliate_id, a.account_currency, a.payout_method,
       round(sum(case when s.currency = a.account_currency then s.subtotal else s.subtotal * r.factor end), cu.minor_units) as total,
       bool_or(s.currency <> a.account_currency and r.factor is null) as no_rate
from (select affiliate_id, currency, sum(amount) as subtotal from candidates
      where matured and void_reason is null group by 1, 2) s
join affiliates a on a.id = s.affiliate_id
join currencies cu on cu.code = a.account_currency
left join pair_rates r on r.source = s.currency and r.target = a.account_currency
group by s.affiliate_id, a.account_currency, a.payout_method, cu.minor_units;

create table bench_payouts (affiliate_id bigint primary key, amount numeric not null,
                            currency char(3) not null, method text not null);
insert into bench_payouts
select b.affiliate_id, b.total, b.account_currency, b.payout_method
from balances b
join affiliates a on a.id = b.affiliate_id
join payout_thresholds t on t.currency = b.account_currency
where not b.no_rate and b.total >= t.minimum and b.total > 0 and not a.is_partner and not a.suspended;

create table bench_ledger (commission_id bigint primary key, affiliate_id bigint not null);
insert into bench_ledger
select c.id, c.affiliate_id from candidates c join bench_payouts p using (affiliate_id)
where c.matured and c.void_reason is null;

\set f :out '/iban.csv'
copy (select p.affiliate_id, a.iban, a.name, p.amount, p.currency from bench_payouts p join affiliates a on a.id = p.affiliate_id
      where p.method = 'iban' order by p.affiliate_id) to stdout with (format csv) \g :f
\set f :out '/paypal.csv'
copy (select a.paypal_email, p.amount, p.currency, 'P' || p.affiliate_id from bench_payouts p join affiliates a on a.id = p.affiliate_id
      where p.method = 'paypal' order by p.affiliate_id) to stdout with (format csv) \g :f
\set f :out '/prepaid.csv'
copy (select a.prepaid_account, p.amount, p.currency, 'P' || p.affiliate_id from bench_payouts p join affiliates a on a.id = p.affiliate_id
      where p.method = 'prepaid' order by p.affiliate_id) to stdout with (format csv) \g :f
\set f :out '/statement.csv'
copy (select l.affiliate_id, c.order_ref, c.amount, c.currency from bench_ledger l join candidates c on c.id = l.commission_id
      order by l.affiliate_id, l.commission_id) to stdout with (format csv) \g :f

select count(*) as payouts, sum(amount) as paid from bench_payouts;
select count(*) as ledger_rows from bench_ledger;
rollback;
