-- The payee checks of a run (IBAN, creditor address, PayPal receiver, prepaid account: the
-- rules of PayoutCore.PayeeCheck). They need no balance, so the job runs them on a second
-- connection in the run's exported snapshot while the run collects and converts, and joins
-- what they found to the run's holds after compute_balances.

-- name: payees_in_snapshot
-- Every affiliate's payout method and the details its checks look at, as compute_balances
-- records them (`payee_detail`, 0013; the accounts by `payee_account`, 0023), in no order. Read by COPY in a transaction that
-- imported the run's snapshot, so exactly the details the run records.
select a.id as affiliate_id, a.payout_method as method, payee_account(a.iban) as iban,
       payee_detail(a.town) as town, a.country, payee_account(a.paypal_email) as paypal_email,
       payee_account(a.prepaid_account) as prepaid_account
from affiliates a

-- name: run_reasons_of
-- $1 run id, $2 affiliate ids (bigint[]): the reasons compute_balances listed for those of
-- them that are in the run (the payee checks found something for each of them).
select ra.affiliate_id, ra.reasons
from run_affiliates ra
where ra.run_id = $1 and ra.affiliate_id = any ($2::bigint[])
