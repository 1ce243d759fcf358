// swift-tools-version:6.0
import PackageDescription

// Dependencies are deliberately few: argument parsing for the CLI and SHA-256 for the
// manifest. Everything that touches PostgreSQL goes through our own thin libpq wrapper.
let package = Package(
    name: "payouts",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "payouts", targets: ["payouts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // libpq, as installed by Debian's libpq-dev.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // The plain decimal grammar, shared by the wire format and the money rules.
        .target(name: "PlainDecimal"),
        // The only module that calls libpq.
        .target(name: "Postgres", dependencies: ["CLibPQ", "PlainDecimal"]),
        // Pure rules and values: money, IBAN, texts, identifiers. No I/O.
        .target(name: "PayoutCore", dependencies: ["PlainDecimal"]),
        // Pure renderers of the payout files plus the atomic file writer.
        .target(
            name: "PayoutFiles",
            dependencies: ["PayoutCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The SQL of the project (migrations and the statements of a run), compiled into the
        // binary, with one typed function per named statement (`statements/`).
        .target(
            name: "PayoutSQL",
            dependencies: ["Postgres", "PayoutCore"],
            path: "sql",
            exclude: ["demo", "benchmark", "roles.sql"],
            sources: ["PayoutSQL.swift", "statements"],
            resources: [.embedInCode("migrations"), .embedInCode("queries")]
        ),
        // After the files (SPEC §9): pure readers of bank, PayPal and prepaid status files.
        .target(name: "Returns", dependencies: ["PayoutCore", .product(name: "Crypto", package: "swift-crypto")]),
        // The monthly job: phases, run record, lock, dry run, export; and the lifecycle commands.
        .target(name: "PayoutRun", dependencies: ["Postgres", "PayoutCore", "PayoutFiles", "PayoutSQL", "Returns"]),
        // Orders → commissions (SPEC §8): the accrual job, its reasons and `explain`.
        .target(name: "Accrual", dependencies: ["Postgres", "PayoutCore", "PayoutSQL", "PayoutRun"]),
        .executableTarget(
            name: "payouts",
            dependencies: ["PayoutRun", "PayoutFiles", "Accrual", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Shared helpers for tests: throwaway databases, running the built binary, oracles.
        .target(name: "TestSupport", dependencies: ["Postgres"], path: "Tests/TestSupport"),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "PayoutCoreTests", dependencies: ["PayoutCore"]),
        .testTarget(name: "PayoutFilesTests", dependencies: ["PayoutFiles", "PayoutCore", "TestSupport"]),
        .testTarget(name: "PayoutRunTests", dependencies: ["PayoutRun", "PayoutSQL", "Postgres", "PayoutCore", "TestSupport"]),
        .testTarget(name: "ReturnsTests", dependencies: ["Returns", "PayoutCore"]),
        .testTarget(name: "AccrualTests", dependencies: ["Accrual", "PayoutRun", "PayoutSQL", "Postgres", "PayoutCore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
