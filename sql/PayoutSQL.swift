// The project's SQL, compiled into the binary so that an installed `payouts` needs no
// files beside it. The text itself lives in the .sql files of this folder, where a reader
// (or finance) finds all of it in one place; the Swift files in `statements/` give every
// named statement a typed function (see docs/architecture.md, "Typed statements").

/// One schema migration: applied once, in order, recorded by name in `schema_migrations`.
public struct Migration: Sendable {
    public let name: String
    public let sql: String
}

public enum PayoutSQL {
    /// Every migration of this version of the program, in the order they apply. Never edit
    /// or reorder a released migration: add a new one. Numbers may have gaps (a number is
    /// reserved by the branch that adds it); the migrator applies by name, in this order.
    public static let migrations: [Migration] = [
        // SwiftPM names an embedded file after its file name, with the leading digit
        // replaced by "_" ("0001_x.sql" → `_001_x_sql`).
        Migration(name: "0001_input_and_configuration", sql: text(PackageResources._001_input_and_configuration_sql)),
        Migration(name: "0002_processor_state", sql: text(PackageResources._002_processor_state_sql)),
        Migration(name: "0003_accrual", sql: text(PackageResources._003_accrual_sql)),
        Migration(name: "0005_payout_lifecycle", sql: text(PackageResources._005_payout_lifecycle_sql)),
        Migration(name: "0006_rule_homes", sql: text(PackageResources._006_rule_homes_sql)),
        Migration(name: "0007_bank_holidays", sql: text(PackageResources._007_bank_holidays_sql)),
        Migration(name: "0008_payout_limits", sql: text(PackageResources._008_payout_limits_sql)),
        Migration(name: "0009_run_data_path", sql: text(PackageResources._009_run_data_path_sql)),
        Migration(name: "0010_channel_limits", sql: text(PackageResources._010_channel_limits_sql)),
        Migration(name: "0011_run_rates", sql: text(PackageResources._011_run_rates_sql)),
        Migration(name: "0012_file_text", sql: text(PackageResources._012_file_text_sql)),
        Migration(name: "0013_payee_details", sql: text(PackageResources._013_payee_details_sql)),
        Migration(name: "0014_exchange_rates_at", sql: text(PackageResources._014_exchange_rates_at_sql)),
        Migration(name: "0015_parallel_collect", sql: text(PackageResources._015_parallel_collect_sql)),
        Migration(name: "0016_run_totals", sql: text(PackageResources._016_run_totals_sql)),
        Migration(name: "0017_attention_lookup", sql: text(PackageResources._017_attention_lookup_sql)),
        Migration(name: "0018_open_list_columns", sql: text(PackageResources._018_open_list_columns_sql)),
        Migration(name: "0019_open_list_change_marks", sql: text(PackageResources._019_open_list_change_marks_sql)),
        Migration(name: "0020_order_refund_marks", sql: text(PackageResources._020_order_refund_marks_sql)),
        Migration(name: "0021_duplicate_state", sql: text(PackageResources._021_duplicate_state_sql)),
        Migration(name: "0022_run_currencies", sql: text(PackageResources._022_run_currencies_sql)),
        Migration(name: "0023_payee_account_white_space", sql: text(PackageResources._023_payee_account_white_space_sql)),
        Migration(name: "0024_statement_rate", sql: text(PackageResources._024_statement_rate_sql)),
        Migration(name: "0025_paypal_whole_units", sql: text(PackageResources._025_paypal_whole_units_sql)),
    ]

    static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
