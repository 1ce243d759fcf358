import Postgres

/// The payee checks of a run (`sql/queries/payees.sql`), one function per `-- name:`.
public enum PayeeStatements {
    static let file = StatementFile(PackageResources.payees_sql, file: "queries/payees.sql")

    /// `payees_in_snapshot`: every affiliate's method and checked details, for `copyRows` in a
    /// transaction that imported the run's snapshot.
    public static func payeesInSnapshot() -> Query { file.query("payees_in_snapshot") }

    /// `run_reasons_of`: the reasons the run recorded for those of `affiliateIds` it holds a
    /// balance for.
    public static func runReasonsOf(runId: Int64, affiliateIds: [Int64]) -> Query {
        file.query("run_reasons_of", runId, affiliateIds)
    }
}
