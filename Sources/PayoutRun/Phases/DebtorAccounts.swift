import PayoutCore
import PayoutSQL
import Postgres

/// The company's accounts that can debit a bank transfer file (`DebtorAccountCheck`). An
/// unusable one is reported, and its currency's bank payouts are held with `no_debtor_account`.
struct DebtorAccounts {
    let connection: Connection
    let log: JobLog

    func usableCurrencies() throws -> [String] {
        var usable: [String] = []
        for account in try connection.query(RunStatements.debtorAccounts(), as: DebtorAccountRecord.self) {
            let problems = DebtorAccountCheck.problems(name: account.name, iban: account.iban, bic: account.bic, address: account.address)
            if problems.isEmpty {
                usable.append(account.currency)
            } else {
                log.warning("debtor_accounts row \(account.currency) is unusable (\(problems.joined(separator: ", "))): \(account.currency) bank transfers are held with no_debtor_account")
            }
        }
        return usable
    }
}
