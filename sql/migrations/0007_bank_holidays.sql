-- Bank business days, the execution date stored on the run, and the rule that only *new*
-- attention fails the scheduler (issue 12).

-- Days on which the clearing system of a currency does not settle payments, besides Saturdays
-- and Sundays. Seeded for 2026-2030; finance adds later years (and any extra closing day the
-- operator announces) with plain inserts: nothing in the code lists a holiday.
--   CHF: the closing days of the Swiss franc interbank system SIC run by SIX Interbank
--        Clearing (nationwide days only; cantonal holidays do not stop SIC).
--   EUR: the days the Eurosystem's TARGET2 (T2) payment system is closed.
-- Good Friday, Easter Monday, Ascension (Easter + 39) and Whit Monday (Easter + 50) move
-- with Easter (Gregorian computus); a test checks them against published Easter dates.
create table bank_holidays (
    currency char(3) not null references currencies (code),
    day      date not null,
    name     text not null check (btrim(name) <> ''),
    primary key (currency, day)
);

insert into bank_holidays (currency, day, name) values
    ('CHF', '2026-01-01', 'New Year''s Day'),
    ('CHF', '2026-01-02', 'Berchtold''s Day'),
    ('CHF', '2026-04-03', 'Good Friday'),
    ('CHF', '2026-04-06', 'Easter Monday'),
    ('CHF', '2026-05-01', 'Labour Day'),
    ('CHF', '2026-05-14', 'Ascension Day'),
    ('CHF', '2026-05-25', 'Whit Monday'),
    ('CHF', '2026-08-01', 'Swiss National Day'),
    ('CHF', '2026-12-25', 'Christmas Day'),
    ('CHF', '2026-12-26', 'St Stephen''s Day'),
    ('EUR', '2026-01-01', 'New Year''s Day'),
    ('EUR', '2026-04-03', 'Good Friday'),
    ('EUR', '2026-04-06', 'Easter Monday'),
    ('EUR', '2026-05-01', 'Labour Day'),
    ('EUR', '2026-12-25', 'Christmas Day'),
    ('EUR', '2026-12-26', 'Christmas holiday (26 December)'),
    ('CHF', '2027-01-01', 'New Year''s Day'),
    ('CHF', '2027-01-02', 'Berchtold''s Day'),
    ('CHF', '2027-03-26', 'Good Friday'),
    ('CHF', '2027-03-29', 'Easter Monday'),
    ('CHF', '2027-05-01', 'Labour Day'),
    ('CHF', '2027-05-06', 'Ascension Day'),
    ('CHF', '2027-05-17', 'Whit Monday'),
    ('CHF', '2027-08-01', 'Swiss National Day'),
    ('CHF', '2027-12-25', 'Christmas Day'),
    ('CHF', '2027-12-26', 'St Stephen''s Day'),
    ('EUR', '2027-01-01', 'New Year''s Day'),
    ('EUR', '2027-03-26', 'Good Friday'),
    ('EUR', '2027-03-29', 'Easter Monday'),
    ('EUR', '2027-05-01', 'Labour Day'),
    ('EUR', '2027-12-25', 'Christmas Day'),
    ('EUR', '2027-12-26', 'Christmas holiday (26 December)'),
    ('CHF', '2028-01-01', 'New Year''s Day'),
    ('CHF', '2028-01-02', 'Berchtold''s Day'),
    ('CHF', '2028-04-14', 'Good Friday'),
    ('CHF', '2028-04-17', 'Easter Monday'),
    ('CHF', '2028-05-01', 'Labour Day'),
    ('CHF', '2028-05-25', 'Ascension Day'),
    ('CHF', '2028-06-05', 'Whit Monday'),
    ('CHF', '2028-08-01', 'Swiss National Day'),
    ('CHF', '2028-12-25', 'Christmas Day'),
    ('CHF', '2028-12-26', 'St Stephen''s Day'),
    ('EUR', '2028-01-01', 'New Year''s Day'),
    ('EUR', '2028-04-14', 'Good Friday'),
    ('EUR', '2028-04-17', 'Easter Monday'),
    ('EUR', '2028-05-01', 'Labour Day'),
    ('EUR', '2028-12-25', 'Christmas Day'),
    ('EUR', '2028-12-26', 'Christmas holiday (26 December)'),
    ('CHF', '2029-01-01', 'New Year''s Day'),
    ('CHF', '2029-01-02', 'Berchtold''s Day'),
    ('CHF', '2029-03-30', 'Good Friday'),
    ('CHF', '2029-04-02', 'Easter Monday'),
    ('CHF', '2029-05-01', 'Labour Day'),
    ('CHF', '2029-05-10', 'Ascension Day'),
    ('CHF', '2029-05-21', 'Whit Monday'),
    ('CHF', '2029-08-01', 'Swiss National Day'),
    ('CHF', '2029-12-25', 'Christmas Day'),
    ('CHF', '2029-12-26', 'St Stephen''s Day'),
    ('EUR', '2029-01-01', 'New Year''s Day'),
    ('EUR', '2029-03-30', 'Good Friday'),
    ('EUR', '2029-04-02', 'Easter Monday'),
    ('EUR', '2029-05-01', 'Labour Day'),
    ('EUR', '2029-12-25', 'Christmas Day'),
    ('EUR', '2029-12-26', 'Christmas holiday (26 December)'),
    ('CHF', '2030-01-01', 'New Year''s Day'),
    ('CHF', '2030-01-02', 'Berchtold''s Day'),
    ('CHF', '2030-04-19', 'Good Friday'),
    ('CHF', '2030-04-22', 'Easter Monday'),
    ('CHF', '2030-05-01', 'Labour Day'),
    ('CHF', '2030-05-30', 'Ascension Day'),
    ('CHF', '2030-06-10', 'Whit Monday'),
    ('CHF', '2030-08-01', 'Swiss National Day'),
    ('CHF', '2030-12-25', 'Christmas Day'),
    ('CHF', '2030-12-26', 'St Stephen''s Day'),
    ('EUR', '2030-01-01', 'New Year''s Day'),
    ('EUR', '2030-04-19', 'Good Friday'),
    ('EUR', '2030-04-22', 'Easter Monday'),
    ('EUR', '2030-05-01', 'Labour Day'),
    ('EUR', '2030-12-25', 'Christmas Day'),
    ('EUR', '2030-12-26', 'Christmas holiday (26 December)')
;

-- The bank business day rule, in one place: `day` itself when it is a weekday that is not a
-- bank holiday of `currency`, else the next such day. Used for pain.001 ReqdExctnDt.
create function next_bank_business_day(currency text, day date)
returns date
language sql stable
as $$
    select d::date
    from generate_series(day, day + 31, interval '1 day') as g(d)
    where extract(isodow from d) < 6
      and not exists (select 1 from bank_holidays h where h.currency = next_bank_business_day.currency and h.day = d::date)
    order by d
    limit 1
$$;

-- The execution date asked for (`run --execution-date`, else the run's own date), and per
-- currency the bank business day actually written into the file. Stored, so that `export`
-- re-creates the same bytes whatever the calendar says later. Null on runs made before this
-- migration: their files keep the run's date.
alter table payout_runs add column execution_date date;
alter table run_debtor_accounts add column execution_date date;

-- The new-attention rule, in one place: a hold needs a person's attention *again* only when
-- its reasons differ from the ones the same affiliate had in its latest earlier committed
-- run (or it had none). A partner held for `partner` every month is still reported as
-- needing attention, but only the first month makes exit status 3. `finish_run` counts with
-- it, `report_entries` marks each entry with it.
create function needs_new_attention(affiliate_id bigint, reasons text[], as_of timestamptz)
returns boolean
language sql stable
as $$
    select needs_attention(reasons) and reasons is distinct from (
        select ra.reasons
        from run_affiliates ra join payout_runs r on r.id = ra.run_id
        where ra.affiliate_id = needs_new_attention.affiliate_id and r.as_of < needs_new_attention.as_of
        order by r.as_of desc
        limit 1)
$$;

alter table payout_runs add column new_attention_count int not null default 0;
-- The lookup above, by affiliate across runs.
create index run_affiliates_affiliate_idx on run_affiliates (affiliate_id, run_id);
