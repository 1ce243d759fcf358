import Postgres

/// The file limits of a run (`sql/queries/limits.sql`), one function per `-- name:`.
public enum LimitsStatements {
    static let file = StatementFile(PackageResources.limits_sql, file: "queries/limits.sql")

    /// `hold_amounts_out_of_range`: holds payouts, and the largest payouts of a bank file or a
    /// channel's run total, whose amounts the files or the channel's limits cannot carry;
    /// returns how many.
    public static func holdAmountsOutOfRange(runId: Int64) -> Query { file.query("hold_amounts_out_of_range", runId) }
}
