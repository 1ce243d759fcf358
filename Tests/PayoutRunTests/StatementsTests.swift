import Foundation
import PayoutCore
import PayoutSQL
import Postgres
import Testing

/// Every named statement in `sql/queries/*.sql` has exactly one typed function, whose
/// parameters are exactly the statement's `$n` placeholders. A new `.sql` file or statement
/// fails here until its typed function is written and listed in `typedCalls`.
@Suite struct StatementsTests {
    /// One call of every typed statement function, with placeholder values.
    static var typedCalls: [Query] {
        let month = RunMonth(year: 2026, month: 12)
        return runScoped.map { statement in statement(1) } + [
            RunStatements.latestCommittedRun(),
            RunStatements.runByMonth(month: month),
            RunStatements.unexportedRuns(),
            RunStatements.useTimeZone("Europe/Zurich"),
            RunStatements.createRun(month: month, asOf: Date(timeIntervalSince1970: 0), timeZone: "Europe/Zurich"),
            RunStatements.computeBalances(runId: 1, usableDebtorCurrencies: ["CHF"]),
            RunStatements.holdInvalidPayees(runId: 1, holds: [(7, .invalidIBAN)]),
            SettingsStatements.timeZoneOffset("Europe/Zurich"),
            SettingsStatements.checkClientConnection(every: "1s"),
            RunStatements.snapshotDebtorAccounts(runId: 1, usableDebtorCurrencies: ["CHF"]),
            RunStatements.snapshotCurrencies(runId: 1),
            RunStatements.debtorAccounts(),
            RunStatements.prepareSession(),
            RunStatements.analyzeOpenCommissions(),
            RunStatements.analyzeRunRecords(),
            RunStatements.prepareCollect(),
            RunStatements.restoreParallelTupleCost("0.1"),
            RunStatements.analyzeRunOpen(),
            RunStatements.collectOpenCommissions(asOf: Date(timeIntervalSince1970: 0)),
            RunStatements.checkRun(runId: 1, closedOpenRows: 1, voided: 0),
            RunStatements.analyzeLedger(),
            PayeeStatements.payeesInSnapshot(),
            PayeeStatements.runReasonsOf(runId: 1, affiliateIds: [7]),
            ExportStatements.debtorAccount(runId: 1, currency: "CHF"),
            ExportStatements.bankTransfersFile(),
            ExportStatements.paypalFile(),
            ExportStatements.prepaidFile(),
            ExportStatements.prepareExportLane(),
            ExportStatements.setExportScope(runId: 1, currency: "CHF", referencePrefix: "AP202612-"),
            ExportStatements.statementFile(),
            ExportStatements.currencyDecimals(runId: 1),
            ExportStatements.reportAffiliatesFile(),
            ExportStatements.reportVoidedFile(),
            ReportStatements.setHeldPass(needingAttention: true),
            ReportStatements.reportHeldFile(),
            ExportStatements.runsOverview(),
            ExportStatements.runsTotals(),
            AccrualStatements.tierCount(),
            AccrualStatements.firstUndecidedOrder(until: Date(timeIntervalSince1970: 0)),
            AccrualStatements.startAccrual(until: Date(timeIntervalSince1970: 0), timeZone: "Europe/Zurich"),
            AccrualStatements.finishAccrual(id: 1, orders: 1, commissions: 1),
            AccrualStatements.createTierEarnings(),
            AccrualStatements.seedTierEarnings(validatedBy: "2026-12-01 00:00:00+01"),
            AccrualStatements.analyzeTierEarnings(),
            AccrualStatements.createWindowOrders(),
            AccrualStatements.clearWindowOrders(),
            AccrualStatements.stageWindowOrders(from: "2026-12-01 00:00:00+01", until: Date(timeIntervalSince1970: 0)),
            AccrualStatements.analyzeWindowOrders(),
            AccrualStatements.decideWindow(accrual: 1, from: "2026-12-01 00:00:00+01", until: Date(timeIntervalSince1970: 0)),
            AccrualStatements.recordRunAccrualMark(runId: 1),
            AccrualStatements.runAccrualCounts(runId: 1),
            AccrualStatements.runsAccrualCounts(),
            AccrualStatements.explainOrder(orderRef: "ORD-1"),
            LifecycleStatements.runOfMonth(month),
            LifecycleStatements.markSent(runId: 1, files: [(.iban, "CHF", "iban-CHF.xml")], by: "finance"),
            LifecycleStatements.importBySHA256("00"),
            LifecycleStatements.createImport(sha256: "00", file: "camt054.xml", kind: "camt054", by: "finance", records: 1),
            LifecycleStatements.resolvePayouts(months: ["2026-12"], affiliateIds: [7]),
            LifecycleStatements.messagePayouts(month: month, currency: "CHF"),
            LifecycleStatements.recordReturns(importId: 1, returns: [ReturnToRecord(
                runId: 1, affiliateId: 7, reference: "AP202612-7", status: "RJCT", reasonCode: "AC04", moneyBack: true)]),
            LifecycleStatements.releaseAffiliate(7, by: "finance"),
            LifecycleStatements.returnsOverview(),
            LifecycleStatements.reversedOverview(),
            LifecycleStatements.archiveReversedRun(runId: 1, by: "finance", folder: nil),
        ]
    }

    /// The statements whose only parameter is the run id, called once each in `typedCalls`.
    static let runScoped: [@Sendable (Int64) -> Query] = [
        RunStatements.voidCommissions(runId:),
        RunStatements.settlePaidCommissions(runId:),
        RunStatements.settleRecredits(runId:),
        LimitsStatements.holdAmountsOutOfRange(runId:),
        RunStatements.finishRun(runId:),
        RunStatements.markExported(runId:),
        ExportStatements.useRunTimeZone(runId:),
        ExportStatements.runHeader(runId:),
        ExportStatements.paidChannels(runId:),
        ExportStatements.recreditLines(runId:),
        ExportStatements.runSummary(runId:),
        ReportStatements.reportCounts(runId:),
        ReportStatements.reportVoided(runId:),
        ReportStatements.reportRates(runId:),
        ReportStatements.reportHistory(runId:),
        ReportStatements.reportReturns(runId:),
        LifecycleStatements.runChannels(runId:),
        LifecycleStatements.sentFiles(runId:),
        LifecycleStatements.countSentFiles(runId:),
        LifecycleStatements.archiveReversedItems(runId:),
        LifecycleStatements.reopenRecredits(runId:),
        LifecycleStatements.reopenCommissions(runId:),
        LifecycleStatements.removeReversedRunVoided(runId:),
        LifecycleStatements.removeReversedRunConversions(runId:),
        LifecycleStatements.removeReversedRunRates(runId:),
        LifecycleStatements.removeReversedRunDebtors(runId:),
        LifecycleStatements.removeReversedRunTotals(runId:),
        LifecycleStatements.removeReversedRunCurrencies(runId:),
        LifecycleStatements.removeReversedRunAffiliates(runId:),
        LifecycleStatements.removeReversedRunRecord(runId:),
    ]

    /// A named statement as the `.sql` file has it.
    struct Named: Hashable {
        var file: String
        var name: String
        var sql: String
    }

    static let queriesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sql/queries")

    /// Parses every `.sql` file of `sql/queries` independently of the module's own parser.
    static func namedStatements() throws -> [Named] {
        var result: [Named] = []
        let files = try FileManager.default.contentsOfDirectory(atPath: queriesFolder.path).filter { $0.hasSuffix(".sql") }.sorted()
        for file in files {
            let text = try String(contentsOf: queriesFolder.appendingPathComponent(file), encoding: .utf8)
            var current: (name: String, lines: [String])?
            func flush() {
                guard let current else { return }
                var body = current.lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                while body.hasSuffix(";") { body = String(body.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
                result.append(Named(file: file, name: current.name, sql: body))
            }
            for line in text.components(separatedBy: "\n") {
                if line.hasPrefix("-- name:") {
                    flush()
                    current = (String(line.dropFirst(8)).trimmingCharacters(in: .whitespaces), [])
                } else {
                    current?.lines.append(line)
                }
            }
            flush()
        }
        return result
    }

    /// The distinct `$n` numbers of a statement, comments excluded.
    static func placeholders(_ sql: String) -> Set<Int> {
        let code = sql.components(separatedBy: "\n").map { line in
            line.range(of: "--").map { String(line[..<$0.lowerBound]) } ?? line
        }.joined(separator: "\n")
        var numbers = Set<Int>()
        var scanner = code[...]
        while let dollar = scanner.firstIndex(of: "$") {
            let digits = scanner[scanner.index(after: dollar)...].prefix(while: \.isNumber)
            if let n = Int(digits) { numbers.insert(n) }
            scanner = scanner[scanner.index(after: dollar)...]
        }
        return numbers
    }

    @Test func everyNamedStatementHasExactlyOneTypedFunctionWithItsParameters() throws {
        let named = try Self.namedStatements()
        #expect(named.count >= 27, "the statement files were not found in \(Self.queriesFolder.path)")
        #expect(Set(named.map { "\($0.file)/\($0.name)" }).count == named.count, "a statement name is used twice in one file")
        var covered: [String: Int] = [:]
        for query in Self.typedCalls {
            let matches = named.filter { $0.sql == query.sql }
            try #require(matches.count == 1, "a typed function's SQL matches \(matches.count) named statements: \(query.sql.prefix(60))")
            let statement = matches[0]
            covered["\(statement.file)/\(statement.name)", default: 0] += 1
            let numbers = Self.placeholders(statement.sql)
            #expect(numbers == Set(numbers.isEmpty ? [] : Array(1...numbers.count)), "\(statement.name): placeholders are not $1…$n")
            #expect(numbers.count == query.bindings.count,
                    "\(statement.file)/\(statement.name) has \(numbers.count) placeholders, its function binds \(query.bindings.count)")
        }
        for statement in named {
            #expect(covered["\(statement.file)/\(statement.name)"] == 1,
                    "\(statement.file)/\(statement.name) needs exactly one typed function listed in StatementsTests.typedCalls")
        }
    }

    /// compute_balances writes the reasons SQL decides in `HoldReason` order; this is the check.
    @Test func holdReasonsInSQLFollowHoldReasonOrder() throws {
        let statement = try #require(try Self.namedStatements().first { $0.name == "compute_balances" })
        let known = Set(HoldReason.allCases.map(\.rawValue))
        var order: [String] = []
        for piece in statement.sql.components(separatedBy: "then '").dropFirst() {
            let word = String(piece.prefix { $0 != "'" })
            if known.contains(word) { order.append(word) }
        }
        #expect(order.count >= 7, "expected the SQL-decided reasons in compute_balances")
        let ranks = order.compactMap { HoldReason(rawValue: $0) }
        #expect(ranks == ranks.sorted(), "compute_balances lists \(order), not in HoldReason order")
    }
}
