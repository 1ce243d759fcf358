-- After the files (SPEC §9): marking files sent, importing status files, releases and
-- reversals. Typed functions: sql/statements/LifecycleStatements.swift. The run's side of
-- the lifecycle (re-credits in compute_balances, settle_recredits) is in run.sql. Every statement is set-based: arrays in, one round trip.

-- name: run_of_month
-- $1 month ('2026-12')
select id, month, token::text as token from payout_runs where month = $1

-- name: run_channels
-- $1 run id: the channels and currencies that have paid payouts, i.e. payout files
select distinct method as channel, currency from run_affiliates
where run_id = $1 and status = 'paid'
order by 1, 2

-- name: mark_sent
-- $1 run id, $2 channels, $3 currencies, $4 file names (text[] each), $5 who.
-- Marking a file already marked changes nothing (the first who/when stays).
with marked as (
    insert into payout_file_sends (run_id, channel, currency, file, sent_by)
    select $1, f.channel, f.currency, f.file, $5 || ' (database user ' || session_user || ')'
    from unnest($2::text[], $3::text[], $4::text[]) as f(channel, currency, file)
    on conflict do nothing
    returning 1
)
select count(*) as marked from marked

-- name: sent_files
-- $1 run id
select channel, currency, file, to_char(sent_at, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM') as sent_at, sent_by
from payout_file_sends where run_id = $1 order by channel, currency, file

-- name: import_by_sha256
-- $1 sha256 (hex)
select id, file_name, kind, to_char(imported_at, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM') as imported_at, records
from return_imports where sha256 = $1

-- name: create_import
-- $1 sha256, $2 file name, $3 kind, $4 who, $5 number of records in the file
insert into return_imports (sha256, file_name, kind, imported_by, records)
values ($1, $2, $3, $4 || ' (database user ' || session_user || ')', $5)
returning id

-- name: resolve_payouts
-- $1 months (text[]), $2 affiliate ids (bigint[]): the paid payout each reference names, in
-- input order (ord from 1); a reference without a paid payout has no row.
select i.ord, r.id as run_id, r.token::text as token, ra.method, ra.currency, ra.amount,
       exists (select 1 from payout_file_sends s
               where s.run_id = r.id and s.channel = ra.method and s.currency = ra.currency) as sent
from unnest($1::text[], $2::bigint[]) with ordinality as i(month, affiliate_id, ord)
join payout_runs r on r.month = i.month
join run_affiliates ra on ra.run_id = r.id and ra.affiliate_id = i.affiliate_id and ra.status = 'paid'
order by i.ord

-- name: message_payouts
-- $1 month, $2 currency: the bank transfers of the run's pain.001 for that currency (what a
-- rejected group rejects), with the run's token to check the message id against.
select ra.affiliate_id, r.token::text as token
from payout_runs r
join run_affiliates ra on ra.run_id = r.id and ra.status = 'paid' and ra.method = 'iban' and ra.currency = $2
where r.month = $1
order by ra.affiliate_id

-- name: record_returns
-- $1 import id, $2 run ids, $3 affiliate ids, $4 references, $5 statuses, $6 reason codes,
-- $7 money back (boolean[]). Records what is new: a payout already returned, or already
-- reported with the same status and code, is left as it is. Each money-back return owes its
-- payout's amount again (a re-credit); the partial unique index makes that happen once.
with input as (
    select * from unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::boolean[])
        as i(run_id, affiliate_id, reference, status, reason_code, money_back)
), fresh as (
    select distinct on (i.run_id, i.affiliate_id, i.money_back, i.status, i.reason_code)
           i.*, ra.amount, ra.currency,
           payout_details_hash(ra.method, ra.iban, ra.paypal_email, ra.prepaid_account) as details_hash
    from input i
    join run_affiliates ra on ra.run_id = i.run_id and ra.affiliate_id = i.affiliate_id
    where not exists (
        select 1 from payout_returns p
        where p.run_id = i.run_id and p.affiliate_id = i.affiliate_id
          and (p.money_back or (p.status = i.status and p.reason_code is not distinct from i.reason_code)))
), inserted as (
    insert into payout_returns (import_id, run_id, affiliate_id, reference, source, status, reason_code,
                                money_back, amount, currency, details_hash)
    select $1, f.run_id, f.affiliate_id, f.reference, ri.kind, f.status, f.reason_code,
           f.money_back, f.amount, f.currency, f.details_hash
    from fresh f cross join return_imports ri
    where ri.id = $1
    on conflict (run_id, affiliate_id) where money_back do nothing
    returning id, run_id, affiliate_id, amount, currency, money_back
), credited as (
    insert into recredits (return_id, affiliate_id, amount, currency, from_run_id)
    select id, affiliate_id, amount, currency, run_id from inserted where money_back
    returning 1
)
select (select count(*) from inserted) as recorded, (select count(*) from credited) as recredited

-- name: release_affiliate
-- $1 affiliate id, $2 who. Covers every money-back return recorded so far; no row when
-- there is none newer than the last release.
insert into payout_releases (affiliate_id, up_to_return, released_by)
select $1, max(p.id), $2 || ' (database user ' || session_user || ')'
from payout_returns p
where p.affiliate_id = $1 and p.money_back
  and p.id > coalesce((select max(l.up_to_return) from payout_releases l where l.affiliate_id = $1), 0)
having count(*) > 0
returning id

-- name: returns_overview
-- Every recorded return, oldest first, for `payouts status`.
select r.month, p.affiliate_id, p.reference, p.source, p.status, p.reason_code, p.money_back,
       p.amount, p.currency, cu.minor_units,
       (select pr.month from recredits c
        join recredit_settlements s on s.recredit_id = c.id
        join payout_runs pr on pr.id = s.run_id
        where c.return_id = p.id) as repaid_in,
       exists (select 1 from returned_unreleased u where u.affiliate_id = p.affiliate_id) as held
from payout_returns p
join payout_runs r on r.id = p.run_id
join run_currencies cu on cu.run_id = p.run_id and cu.code = p.currency
order by p.id

-- name: reversed_overview
select month, to_char(reversed_at, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM') as reversed_at, reversed_by, folder
from reversed_runs order by reversed_at desc


-- name: count_sent_files
-- $1 run id
select count(*) as sent from payout_file_sends where run_id = $1

-- name: archive_reversed_run
-- $1 run id, $2 who, $3 the folder's new name. Keeps what the run decided.
insert into reversed_runs (run_id, token, month, as_of, created_at, reversed_by, folder, affiliates, voided)
select r.id, r.token, r.month, r.as_of, r.created_at, $2 || ' (database user ' || session_user || ')', $3,
       coalesce((select jsonb_agg(to_jsonb(ra) order by ra.affiliate_id) from run_affiliates ra where ra.run_id = r.id), '[]'),
       coalesce((select jsonb_agg(to_jsonb(v) order by v.commission_id) from voided_commissions v where v.run_id = r.id), '[]')
from payout_runs r where r.id = $1

-- name: archive_reversed_items
-- $1 run id: its ledger rows move to reversed_payout_items
with moved as (
    delete from payout_items where run_id = $1
    returning run_id, commission_id, affiliate_id, order_ref, amount, currency, converted_amount, account_currency
), archived as (
    insert into reversed_payout_items (run_id, commission_id, affiliate_id, order_ref, amount, currency, converted_amount, account_currency)
    select * from moved
    returning 1
)
select count(*) as commissions from archived

-- name: reopen_recredits
-- $1 run id: re-credits the run had settled are open again
with moved as (
    delete from recredit_settlements where run_id = $1 returning run_id, recredit_id
), archived as (
    insert into reversed_recredit_settlements (run_id, recredit_id) select * from moved returning 1
)
select count(*) as recredits from archived

-- name: reopen_commissions
-- $1 run id. Commissions paid or voided by the run are open again: back into the open list
-- (open_commissions, 0009). Runs after archive_reversed_items (the ledger rows are in
-- reversed_payout_items) and before remove_reversed_run_voided.
-- With their columns as `commissions` has them now (0018); a change made while the reversal
-- runs is marked by its own transaction (0019) and read by the next run.
with reopened as (
    insert into open_commissions (commission_id, affiliate_id, order_ref, product, amount, currency, ordered_at, refunded_at)
    select c.id, c.affiliate_id, c.order_ref, c.product, c.amount, c.currency, c.ordered_at, c.refunded_at
    from commissions_with_order_refunds c
    where c.id in (select commission_id from reversed_payout_items where run_id = $1
                   union all
                   select commission_id from voided_commissions where run_id = $1)
    on conflict (commission_id) do nothing
    returning 1
)
select count(*) as commissions from reopened

-- name: remove_reversed_run_voided
-- $1 run id
delete from voided_commissions where run_id = $1

-- name: remove_reversed_run_conversions
-- $1 run id (runs before 0011 recorded conversions)
delete from run_conversions where run_id = $1

-- name: remove_reversed_run_rates
-- $1 run id
delete from run_rates where run_id = $1

-- name: remove_reversed_run_debtors
-- $1 run id
delete from run_debtor_accounts where run_id = $1

-- name: remove_reversed_run_totals
-- $1 run id
delete from run_totals where run_id = $1

-- name: remove_reversed_run_currencies
-- $1 run id
delete from run_currencies where run_id = $1

-- name: remove_reversed_run_affiliates
-- $1 run id
delete from run_affiliates where run_id = $1

-- name: remove_reversed_run
-- $1 run id
delete from payout_runs where id = $1
