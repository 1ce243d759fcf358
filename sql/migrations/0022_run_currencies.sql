-- The currencies' decimals as each run used them. The run rounds every amount to its
-- currency's minor units when it computes the balances; the files of a committed run must
-- write those amounts with the same decimals however often they are exported. Read live from
-- `currencies`, which finance edits with plain SQL, a change of a currency's minor units after
-- the commit made a re-export differ from the first files (more decimals), or refuse it for
-- good (fewer decimals than a rounded amount has). Recorded in the run's transaction, with the
-- run; a reversal removes them with it.
create table run_currencies (
    run_id      bigint not null references payout_runs (id),
    code        char(3) not null,
    minor_units int not null check (minor_units between 0 and 4),
    primary key (run_id, code)
);

-- The runs committed before: the decimals they were exported with so far.
insert into run_currencies (run_id, code, minor_units)
select r.id, c.code, c.minor_units from payout_runs r cross join currencies c;
