-- The rate a run converts with, per source and account currency: the most recent quote valid
-- at as-of in either direction (base → quote as given, or its inverse), the direct quote first
-- when both date from the same instant. One home for the choice: convert_balances converts
-- with it and record_run_rates records the same rows, each in the run's one snapshot.
-- Only pairs with a quote are returned; a pair without one is a missing rate.
-- One `select`, stable and not STRICT: inlined into the statements that call it.
create function exchange_rates_at(as_of timestamptz)
returns table (source_currency char(3), account_currency char(3), rate numeric, inverse boolean)
language sql stable
as $$
    select distinct on (q.source_currency, q.account_currency)
           q.source_currency, q.account_currency, q.rate, q.inverse
    from (
        select e.base as source_currency, e.quote as account_currency, e.rate, false as inverse, e.valid_from
        from exchange_rates e where e.valid_from <= as_of
        union all
        select e.quote, e.base, e.rate, true, e.valid_from
        from exchange_rates e where e.valid_from <= as_of
    ) q
    order by q.source_currency, q.account_currency, q.valid_from desc, q.inverse
$$;
