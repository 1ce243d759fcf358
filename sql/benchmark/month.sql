-- Benchmark data, part 2 of 2: the commissions of month :month (1, 2, 3, …) of a benchmark
-- whose first as-of is :first_as_of. Every month has the same shape, so that a run's cost can
-- be compared month to month while the paid history grows: :commissions new commissions,
-- nine tenths ordered 31 to 61 days before the month's as-of (matured at its run), one tenth
-- in the last 30 days (matured at the next run). Month 1 also gets the last tenth of a month 0,
-- so that every run matures the same number of commissions. Ids are month × 10^9 + n. In CHF,
-- EUR and USD; about 3% refunded within the guarantee, 2% excluded products, 1% corrections.
\set ON_ERROR_STOP on
set timezone = 'Europe/Zurich';

insert into commissions (id, affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at)
select m.k::bigint * 1000000000 + n,
       1 + (n * 7919 + m.k * 104729) % :affiliates,
       'ORD-' || m.k || '-' || n,
       case when n % 50 = 0 then 'domain' else 'ksuite' end,
       case when n % 100 = 1 then -2.5 else 1 + (n % 2000) / 100.0 end,
       (array['CHF', 'CHF', 'EUR', 'USD'])[1 + n % 4],
       o.ordered_at,
       case when n % 33 = 0 then o.ordered_at + interval '2 days' end
from (select :month as k union all select 0 where :month = 1) m
cross join generate_series(1::bigint, :commissions) n
cross join lateral (select (date :'first_as_of' + (m.k - 1) * interval '1 month')::date::timestamptz as as_of) t
cross join lateral (
    select case when n % 10 = 0 then t.as_of - interval '30 days' + (n % 29) * interval '1 day'
                else t.as_of - interval '61 days' + (n % 30) * interval '1 day' end
           + (n % 86400) * interval '1 second' as ordered_at
) o
where m.k > 0 or n % 10 = 0;
