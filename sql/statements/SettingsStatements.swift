import Postgres

/// The job's settings as PostgreSQL reads them (`sql/queries/settings.sql`), one function per `-- name:`.
public enum SettingsStatements {
    static let file = StatementFile(PackageResources.settings_sql, file: "queries/settings.sql")

    /// `time_zone_offset`: the zone's UTC offset now, in seconds, as PostgreSQL reads the name
    /// (a name it does not know fails with 22023).
    public static func timeZoneOffset(_ timeZone: String) -> Query { file.query("time_zone_offset", timeZone) }

    /// `check_client_connection`: how often the server checks that the job is still there.
    public static func checkClientConnection(every interval: String) -> Query { file.query("check_client_connection", interval) }
}
