-- Input contract (written by upstream systems) and configuration (edited by finance).
-- Upstream columns are never changed by the processor; its own state lives in the tables
-- of migration 0002 and in columns it adds there.

create table currencies (
    code        char(3) primary key check (code ~ '^[A-Z]{3}$'),
    minor_units int not null check (minor_units between 0 and 4)
);

-- ISO 4217 active codes with their minor units. Finance may add rows with plain SQL.
insert into currencies (code, minor_units) values
  ('AED',2),('AFN',2),('ALL',2),('AMD',2),('ANG',2),('AOA',2),('ARS',2),('AUD',2),('AWG',2),('AZN',2),
  ('BAM',2),('BBD',2),('BDT',2),('BGN',2),('BHD',3),('BIF',0),('BMD',2),('BND',2),('BOB',2),('BRL',2),
  ('BSD',2),('BTN',2),('BWP',2),('BYN',2),('BZD',2),('CAD',2),('CDF',2),('CHF',2),('CLP',0),('CNY',2),
  ('COP',2),('CRC',2),('CUP',2),('CVE',2),('CZK',2),('DJF',0),('DKK',2),('DOP',2),('DZD',2),('EGP',2),
  ('ERN',2),('ETB',2),('EUR',2),('FJD',2),('FKP',2),('GBP',2),('GEL',2),('GHS',2),('GIP',2),('GMD',2),
  ('GNF',0),('GTQ',2),('GYD',2),('HKD',2),('HNL',2),('HTG',2),('HUF',2),('IDR',2),('ILS',2),('INR',2),
  ('IQD',3),('IRR',2),('ISK',0),('JMD',2),('JOD',3),('JPY',0),('KES',2),('KGS',2),('KHR',2),('KMF',0),
  ('KPW',2),('KRW',0),('KWD',3),('KYD',2),('KZT',2),('LAK',2),('LBP',2),('LKR',2),('LRD',2),('LSL',2),
  ('LYD',3),('MAD',2),('MDL',2),('MGA',2),('MKD',2),('MMK',2),('MNT',2),('MOP',2),('MRU',2),('MUR',2),
  ('MVR',2),('MWK',2),('MXN',2),('MYR',2),('MZN',2),('NAD',2),('NGN',2),('NIO',2),('NOK',2),('NPR',2),
  ('NZD',2),('OMR',3),('PAB',2),('PEN',2),('PGK',2),('PHP',2),('PKR',2),('PLN',2),('PYG',0),('QAR',2),
  ('RON',2),('RSD',2),('RUB',2),('RWF',0),('SAR',2),('SBD',2),('SCR',2),('SDG',2),('SEK',2),('SGD',2),
  ('SHP',2),('SLE',2),('SOS',2),('SRD',2),('SSP',2),('STN',2),('SVC',2),('SYP',2),('SZL',2),('THB',2),
  ('TJS',2),('TMT',2),('TND',3),('TOP',2),('TRY',2),('TTD',2),('TWD',2),('TZS',2),('UAH',2),('UGX',0),
  ('USD',2),('UYU',2),('UZS',2),('VES',2),('VND',0),('VUV',0),('WST',2),('XAF',0),('XCD',2),('XOF',0),
  ('XPF',0),('YER',2),('ZAR',2),('ZMW',2),('ZWG',2);

create table affiliates (
    id               bigint primary key check (id > 0),  -- it appears in payout references
    name             text not null,
    account_currency char(3) not null references currencies (code),
    payout_method    text not null check (payout_method in ('prepaid', 'paypal', 'iban')),
    prepaid_account  text,
    paypal_email     text,
    iban             text,  -- as typed by the affiliate; normalised and validated by the processor
    bic              text,
    account_holder   text,  -- creditor name of a transfer; `name` when null
    street           text,
    building_number  text,
    postcode         text,
    town             text,
    country          char(2) check (country ~ '^[A-Z]{2}$'),
    is_partner       boolean not null default false,
    suspended        boolean not null default false
);

create table commissions (
    id           bigint primary key,
    affiliate_id bigint not null references affiliates (id),
    order_ref    text not null,
    product      text not null,
    amount       numeric(18, 4) not null,  -- negative for a correction
    currency     char(3) not null references currencies (code),
    ordered_at   timestamptz not null,
    refunded_at  timestamptz
);
create index commissions_affiliate_idx on commissions (affiliate_id);

create table exchange_rates (
    base       char(3) not null references currencies (code),
    quote      char(3) not null references currencies (code),
    rate       numeric not null check (rate > 0),
    valid_from timestamptz not null,
    primary key (base, quote, valid_from),
    check (base <> quote)
);

create table payout_thresholds (
    currency char(3) primary key references currencies (code),
    minimum  numeric not null check (minimum >= 0)
);
insert into payout_thresholds (currency, minimum) values ('CHF', 50.00), ('EUR', 50.00);

-- Services the program text excludes from commissions.
create table excluded_products (
    product text primary key
);
insert into excluded_products (product) values
  ('renewal_guarantee'), ('domain_protection'), ('domain'), ('housing'), ('very_high_availability');

-- The company's own account per currency: the debtor of the bank transfers.
create table debtor_accounts (
    currency        char(3) primary key references currencies (code),
    name            text,
    iban            text,
    bic             text,
    street          text,
    building_number text,
    postcode        text,
    town            text,
    country         char(2) check (country ~ '^[A-Z]{2}$')
);
