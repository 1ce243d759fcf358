-- The processor's own state: runs, what each affiliate was paid or why it was held, which
-- commissions each payout covers (the ledger), voided commissions, and the payout details
-- and debtor accounts as they were at the run, so that files can be re-created byte for byte.

create table payout_runs (
    id              bigint generated always as identity primary key,
    token           uuid not null unique default gen_random_uuid(),  -- feeds file identifiers
    month           text not null unique check (month ~ '^[0-9]{4}-[0-9]{2}$'),
    as_of           timestamptz not null unique,
    time_zone       text not null,
    created_at      timestamptz not null,
    exported_at     timestamptz,  -- when all files were last written completely
    paid_count      int not null default 0,
    held_count      int not null default 0,
    attention_count int not null default 0,
    voided_count    int not null default 0
);

-- Processor-owned column on the input table: the run that settled (paid or voided) the
-- commission; null while it is open. The partial index keeps a run's cost proportional to
-- the open commissions, not to the paid history.
alter table commissions add column settled_run_id bigint references payout_runs (id);
create index commissions_open_idx on commissions (ordered_at) where settled_run_id is null;

create table run_affiliates (
    run_id          bigint not null references payout_runs (id),
    affiliate_id    bigint not null references affiliates (id),
    status          text not null check (status in ('paid', 'held')),
    method          text not null check (method in ('prepaid', 'paypal', 'iban')),
    currency        char(3) not null references currencies (code),
    amount          numeric,  -- rounded converted balance; null when it cannot be computed
    reasons         text[] not null default '{}',
    commissions     int not null check (commissions > 0),
    -- payout details as they were at the run
    creditor_name   text not null,
    iban            text,
    bic             text,
    street          text,
    building_number text,
    postcode        text,
    town            text,
    country         char(2),
    paypal_email    text,
    prepaid_account text,
    primary key (run_id, affiliate_id),
    check ((status = 'paid') = (cardinality(reasons) = 0)),
    check (status = 'held' or amount > 0)
);

-- Per affiliate and source currency: the exact subtotal and the rate used.
create table run_conversions (
    run_id          bigint not null,
    affiliate_id    bigint not null,
    source_currency char(3) not null references currencies (code),
    subtotal        numeric not null,
    commissions     int not null,
    rate            numeric check (rate > 0),   -- null: same currency, or no rate found
    inverse         boolean not null default false,  -- true: the rate was quoted account→source
    converted       numeric,                    -- exact, unrounded; null when no rate
    primary key (run_id, affiliate_id, source_currency),
    foreign key (run_id, affiliate_id) references run_affiliates (run_id, affiliate_id)
);

-- The ledger: the primary key makes paying a commission twice impossible.
create table payout_items (
    commission_id    bigint primary key references commissions (id),
    run_id           bigint not null,
    affiliate_id     bigint not null,
    order_ref        text not null,     -- as it was at the run
    amount           numeric(18, 4) not null,
    currency         char(3) not null,
    converted_amount numeric not null,  -- informational, exact; the payout is the rounded sum per currency
    foreign key (run_id, affiliate_id) references run_affiliates (run_id, affiliate_id)
);
create index payout_items_run_idx on payout_items (run_id, affiliate_id);

create table voided_commissions (
    commission_id bigint primary key references commissions (id),
    run_id        bigint not null references payout_runs (id),
    affiliate_id  bigint not null references affiliates (id),
    reason        text not null check (reason in ('refunded_within_30_days', 'excluded_product')),
    amount        numeric(18, 4) not null,
    currency      char(3) not null
);
create index voided_commissions_run_idx on voided_commissions (run_id);

create table run_debtor_accounts (
    run_id          bigint not null references payout_runs (id),
    currency        char(3) not null,
    name            text not null,
    iban            text not null,
    bic             text,
    street          text,
    building_number text,
    postcode        text,
    town            text not null,
    country         char(2) not null,
    primary key (run_id, currency)
);

-- The maturity rule, in one place: open (neither paid nor voided) commissions whose order is
-- 30 calendar days old at `as_of`. "30 days" is calendar days in the session's time zone,
-- which the processor sets to the program's (Europe/Zurich), so a daylight-saving change in
-- between does not shift the boundary. Voiding runs first in the same transaction, so the
-- void commissions are already settled when this is read.
create function open_matured_commissions(as_of timestamptz)
returns setof commissions
language sql stable
as $$
    select c.*
    from commissions c
    where c.settled_run_id is null
      and c.ordered_at <= as_of
      and c.ordered_at + interval '30 days' <= as_of
$$;

-- The conversion rule, in one place: an amount in the account currency already, else times
-- the rate, or divided by it when the rate was quoted account→source. The scale-30 factor
-- keeps 30 decimals through the division. Null when there is no rate. Never rounds: the
-- run rounds each affiliate's sum once.
create function convert_amount(amount numeric, same_currency boolean, rate numeric, inverse boolean)
returns numeric
language sql immutable
as $$
    select case
        when same_currency then amount
        when rate is null then null
        when inverse then (amount * 1.000000000000000000000000000000) / rate
        else amount * rate
    end
$$;
