-- A run's affiliates summed per outcome, channel and currency, recorded once when the run
-- finishes (finish_run), in the same transaction as the affiliates they sum. The reads that
-- summarise runs took the sums from run_affiliates each time: the export's paid channels (on
-- two of its connections), report.html's history of the last 12 runs, the summary printed at
-- the end of a run and `payouts status` each scanned every affiliate of every run they show,
-- so the history's cost grew with every month (issue 9). A committed run's affiliates never
-- change (a reversal removes them, and these rows with them), so the sums stay exact.

-- The outcome of one affiliate in a run, as the summaries group it: paid; held for a reason a
-- person must look at (`needs_attention`); or carried forward (held only below the threshold,
-- or with nothing to pay). One `select`: inlined where it is called.
create function run_outcome(status text, reasons text[])
returns text
language sql immutable parallel safe
as $$
    select case when status = 'paid' then 'paid'
                when not needs_attention(reasons) then 'carried forward'
                else 'held' end
$$;

create table run_totals (
    run_id     bigint not null references payout_runs (id),
    outcome    text not null check (outcome in ('paid', 'held', 'carried forward')),
    method     text not null check (method in ('prepaid', 'paypal', 'iban')),
    currency   char(3) not null references currencies (code),
    affiliates bigint not null check (affiliates > 0),
    -- the sum of the amounts known (an amount is unknown when a rate is missing: a hold);
    -- null when none is
    amount     numeric,
    primary key (run_id, outcome, method, currency),
    check (outcome <> 'paid' or amount > 0)
);

-- Records run `for_run`'s totals from its affiliates; returns each total's outcome and count
-- (finish_run counts the paid and held from them). Called once per run: by finish_run, before
-- the run commits, and below for the runs committed before this migration.
create function record_run_totals(for_run bigint)
returns table (outcome text, affiliates bigint)
language sql
as $$
    insert into run_totals (run_id, outcome, method, currency, affiliates, amount)
    select ra.run_id, run_outcome(ra.status, ra.reasons), ra.method, ra.currency, count(*), sum(ra.amount)
    from run_affiliates ra
    where ra.run_id = for_run
    group by ra.run_id, run_outcome(ra.status, ra.reasons), ra.method, ra.currency
    returning run_totals.outcome, run_totals.affiliates
$$;

select count(*) from payout_runs r cross join lateral record_run_totals(r.id);
