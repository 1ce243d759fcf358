import PayoutFiles
import Postgres

/// A row of `run_accrual_counts` (accrual.sql): orders decided since the previous run, per outcome.
extension AccrualCount: RowDecodable {}

/// A row of `runs_accrual_counts`: the same per run, for `payouts status`.
struct RunAccrualCount: RowDecodable {
    var month: String
    var count: AccrualCount

    init(row: Row) throws {
        month = try row["month"]
        count = try AccrualCount(row: row)
    }
}
