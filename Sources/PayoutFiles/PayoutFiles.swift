// PayoutFiles: the files a payout run hands to the bank, to PayPal and to finance.
//
// Layout of a run folder (`<out>/2026-12`, or `<out>/2026-12-preview` for a dry run):
//
//   iban-<CCY>.xml          pain.001.001.09 credit transfers, one file per currency, one
//                           payment block for the company's debtor account in that currency
//   paypal-<CCY>-NNN.csv    PayPal Payouts web upload, no header, ≤ 5,000 rows per file
//   paypal-<CCY>-NNN.json   PayPal Payouts API create-batch bodies, ≤ 15,000 items per body
//   prepaid-<CCY>.csv       credits to prepaid customer accounts (header row)
//   statement.csv           one line per paid commission (header row)
//   report.json             every affiliate with matured unpaid commissions, voided
//                           commissions, totals per channel and currency
//   manifest.json           written last: every file with its SHA-256
//
// Design:
// - The caller pushes rows one at a time (`emit`) in ascending affiliate id; writers keep
//   counters only, so memory does not grow with the number of payouts.
// - Output is a pure function of the inputs: no clock, no randomness, no dictionary order.
//   The same run renders to the same bytes, which is what lets a re-export after a crash
//   recognise the files already in place.
// - Each file is rendered into a temporary file (mode 0600) in the run folder and put in
//   place with link(2) only when complete; an existing file is never replaced (identical →
//   accepted, different → `PayoutFileError.conflict`).
// - Money is `Decimal`, written with `AmountFormat` (exact, never rounded). Figures announced
//   up front (pain.001 NbOfTxs/CtrlSum) and report figures are re-computed while streaming;
//   a disagreement throws and leaves no file.
// - Entry point: `RunFolder`.
