-- Per-channel payout limits, edited by finance (issue 13): the largest payout a channel
-- accepts per currency, and optionally the largest total of one run's payouts in that channel
-- and currency. Applied before the commit by `hold_amounts_out_of_range` (queries/limits.sql),
-- the one home of `amount_out_of_range`: a payout above the limit is held, never committed as
-- paid and then refused by PayPal or the bank. No row for a channel and currency: only the
-- 18-digit file limit of 0008 applies.
--
-- The figures that bind are those of the company's contract with the provider; finance must
-- set them (`update channel_limits ...`). The seed is a cautious starting point, not the
-- contract.
create table channel_limits (
    method        text not null check (method in ('prepaid', 'paypal', 'iban')),
    currency      char(3) not null references currencies (code),
    -- at most this much per payout (inclusive)
    max_payout    numeric(18,4) not null check (max_payout > 0),
    -- at most this much for all of one run's payouts of the channel and currency together
    -- (all its files); null: no total limit
    max_run_total numeric(20,4) check (max_run_total > 0),
    -- where the figure comes from, so a reader can tell a contract from a default
    source        text not null check (btrim(source) <> ''),
    primary key (method, currency)
);

-- PayPal's public Payouts documentation (FAQ "How much money can I send?" and the fees
-- reference) gives a default per-item maximum of 20,000.00 USD, or the equivalent in local
-- currency, and no limit on a payout's total; higher amounts need the account's agreement.
-- USD is seeded with that figure. For EUR, CHF and GBP the documented figure is an equivalent
-- that moves with the exchange rate, so they are seeded with 10,000.00, a default well below
-- 20,000 USD at any recent rate, to be replaced by finance with the contract's figure.
insert into channel_limits (method, currency, max_payout, max_run_total, source) values
    ('paypal', 'USD', 20000.00, null,
     'PayPal Payouts documentation: default per-item maximum 20,000.00 USD, no total limit; the account''s contract decides'),
    ('paypal', 'EUR', 10000.00, null,
     'default set by the payouts project (below 20,000 USD equivalent); finance sets the contract''s figure'),
    ('paypal', 'CHF', 10000.00, null,
     'default set by the payouts project (below 20,000 USD equivalent); finance sets the contract''s figure'),
    ('paypal', 'GBP', 10000.00, null,
     'default set by the payouts project (below 20,000 USD equivalent); finance sets the contract''s figure');
