-- The rate a statement line shows: account currency per source currency, an inverse quote as
-- its reciprocal to 10 decimals (null without a rate). One home for the statement's commission
-- lines (statement_file) and its converted re-credit lines (recredit_lines, since 0022's
-- re-credits in another currency); one expression, inlined where it is called.
create function statement_rate(rate numeric, inverse boolean)
returns numeric
language sql immutable parallel safe
as $$
    select case when inverse then round(1 / rate, 10) else rate end
$$;
