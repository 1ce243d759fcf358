-- SPEC §9, after the files: which files finance sent, the status files imported from the
-- bank, PayPal and the prepaid system, the returns they report, the money owed again
-- (re-credits) and when a later run settled it, releases, and reversed runs.
-- Numbered 0005: 0003 and 0004 belong to other work; the migrator applies by name.

-- A file of a run handed to the bank, PayPal or the prepaid system. A payout is `sent`
-- once a file of its channel and currency is marked; marking again changes nothing.
create table payout_file_sends (
    run_id   bigint not null references payout_runs (id),
    channel  text not null check (channel in ('iban', 'paypal', 'prepaid')),
    currency char(3) not null references currencies (code),
    file     text not null,           -- the file name in the run folder
    sent_at  timestamptz not null default statement_timestamp(),
    sent_by  text not null,
    primary key (run_id, channel, currency, file)
);

-- Every status file imported, once: its SHA-256 makes a repeated import a no-op.
create table return_imports (
    id          bigint generated always as identity primary key,
    sha256      text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
    file_name   text not null,
    kind        text not null check (kind in ('pain.002', 'camt.054', 'paypal', 'prepaid')),
    imported_at timestamptz not null default statement_timestamp(),
    imported_by text not null,
    records     int not null
);

-- What a status file said about one payout. `money_back`: the payout did not reach the
-- affiliate and its amount is owed again (a re-credit). Not money back: still on its way
-- (PayPal UNCLAIMED, PENDING, ONHOLD) or a duplicate submission rejected (AM05).
create table payout_returns (
    id           bigint generated always as identity primary key,
    import_id    bigint not null references return_imports (id),
    run_id       bigint not null,
    affiliate_id bigint not null,
    reference    text not null,       -- the payout reference (EndToEndId, sender_item_id)
    source       text not null check (source in ('pain.002', 'camt.054', 'paypal', 'prepaid')),
    status       text not null,       -- RJCT, RETURNED, UNCLAIMED, FAILED, …
    reason_code  text,                -- AC01, AC04, AM05, RECEIVER_UNREGISTERED, …
    money_back   boolean not null,
    amount       numeric not null,    -- the payout's amount, in its currency
    currency     char(3) not null,
    -- the payout details the returned payout used (payout_details_hash): while the
    -- affiliate's current details hash the same, the next run holds it (payout_returned)
    details_hash text not null,
    recorded_at  timestamptz not null default statement_timestamp(),
    foreign key (run_id, affiliate_id) references run_affiliates (run_id, affiliate_id)
);
-- A payout's money comes back at most once, whatever the files say afterwards.
create unique index payout_returns_money_back_once on payout_returns (run_id, affiliate_id) where money_back;
create index payout_returns_affiliate_idx on payout_returns (affiliate_id);

-- Money owed to an affiliate once more: the amount of a returned payout, in its currency.
create table recredits (
    id           bigint generated always as identity primary key,
    return_id    bigint not null unique references payout_returns (id),
    affiliate_id bigint not null references affiliates (id),
    amount       numeric not null check (amount > 0),
    currency     char(3) not null references currencies (code),
    from_run_id  bigint not null,
    created_at   timestamptz not null default statement_timestamp()
);
create index recredits_affiliate_idx on recredits (affiliate_id);

-- The run that paid a re-credit. The primary key makes settling it twice impossible.
create table recredit_settlements (
    recredit_id  bigint primary key references recredits (id),
    run_id       bigint not null references payout_runs (id),
    affiliate_id bigint not null
);
create index recredit_settlements_run_idx on recredit_settlements (run_id);

-- `payouts release AFFILIATE_ID`: finance lets the next run pay an affiliate whose payout
-- came back although its details did not change. Covers the returns recorded up to then.
create table payout_releases (
    id             bigint generated always as identity primary key,
    affiliate_id   bigint not null references affiliates (id),
    up_to_return   bigint not null references payout_returns (id),
    released_at    timestamptz not null default statement_timestamp(),
    released_by    text not null
);
create index payout_releases_affiliate_idx on payout_releases (affiliate_id);

-- Runs reversed before any file was sent. The run's own rows are removed (so its month can
-- run again and its commissions and re-credits are open again); what it had decided is
-- kept here: the run, each affiliate's outcome, the ledger rows and re-credit settlements.
create table reversed_runs (
    run_id       bigint primary key,
    token        uuid not null,
    month        text not null,
    as_of        timestamptz not null,
    created_at   timestamptz not null,
    reversed_at  timestamptz not null default statement_timestamp(),
    reversed_by  text not null,
    folder       text,                -- the run folder's new name, so nobody sends it
    affiliates   jsonb not null,      -- run_affiliates rows as they were
    voided       jsonb not null       -- voided_commissions rows (the next run voids them again)
);

create table reversed_payout_items (
    run_id           bigint not null references reversed_runs (run_id),
    commission_id    bigint not null references commissions (id),
    affiliate_id     bigint not null,
    order_ref        text not null,
    amount           numeric(18, 4) not null,
    currency         char(3) not null,
    converted_amount numeric not null,
    primary key (run_id, commission_id)
);

create table reversed_recredit_settlements (
    run_id      bigint not null references reversed_runs (run_id),
    recredit_id bigint not null references recredits (id),
    primary key (run_id, recredit_id)
);

-- An affiliate may now be in a run for a re-credit alone, without commissions.
alter table run_affiliates drop constraint run_affiliates_commissions_check;
alter table run_affiliates add constraint run_affiliates_commissions_check check (commissions >= 0);
-- Open re-credits included in the affiliate's amount by this run (0 when none).
alter table run_affiliates add column recredited numeric not null default 0;

-- The payout details rule, in one place: what identifies where the money goes. A change of
-- any of these after a return means the affiliate fixed its details.
create function payout_details_hash(method text, iban text, paypal_email text, prepaid_account text)
returns text
language sql immutable
as $$
    select md5(concat_ws('|', method, case method
        when 'iban' then upper(replace(nullif(btrim(iban), ''), ' ', ''))
        when 'paypal' then lower(nullif(btrim(paypal_email), ''))
        else nullif(btrim(prepaid_account), '') end))
$$;

-- Re-credits no run has settled yet.
create view open_recredits as
select r.* from recredits r
where not exists (select 1 from recredit_settlements s where s.recredit_id = r.id);

-- Affiliates the next run holds with `payout_returned`: a payout came back, finance has not
-- released it since, and the affiliate's payout details are still the ones that failed.
create view returned_unreleased as
select distinct p.affiliate_id
from payout_returns p
join affiliates a on a.id = p.affiliate_id
where p.money_back
  and p.id > coalesce((select max(l.up_to_return) from payout_releases l where l.affiliate_id = p.affiliate_id), 0)
  and p.details_hash = payout_details_hash(a.payout_method, a.iban, a.paypal_email, a.prepaid_account);

-- Each paid payout's state: exported (file written), sent, then what a status file said
-- last: returned (money back), duplicate_rejected (AM05) or pending (still on its way).
create view payout_states as
select ra.run_id, ra.affiliate_id, ra.method, ra.currency, ra.amount,
       case
           when last.money_back then 'returned'
           when last.reason_code = 'AM05' then 'duplicate_rejected'
           when last.status is not null then 'pending'
           when exists (select 1 from payout_file_sends s
                        where s.run_id = ra.run_id and s.channel = ra.method and s.currency = ra.currency) then 'sent'
           else 'exported'
       end as state,
       last.status as last_status, last.reason_code
from run_affiliates ra
left join lateral (
    select p.money_back, p.status, p.reason_code from payout_returns p
    where p.run_id = ra.run_id and p.affiliate_id = ra.affiliate_id
    order by p.money_back desc, p.id desc limit 1
) last on true
where ra.status = 'paid';
