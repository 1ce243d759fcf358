import Foundation
import PayoutRun
import Testing

/// report.html of real runs (real PostgreSQL, the built binary), opened in headless
/// Chromium from Debian through Playwright (Tests/Browser/check_report_html.py), and
/// checked for byte-identical re-export.
@Suite struct ReportHTMLRunTests {
    static let browser = ProcessInfo.processInfo.environment["PAYOUTS_BROWSER"].flatMap { $0.isEmpty ? nil : $0 }
    static let unavailable = ProcessInfo.processInfo.environment["PAYOUTS_BROWSER_UNAVAILABLE"]

    static let hostileNames = ["<script>alert('x')</script>", "</td></tr></table><h1>owned</h1>", "]]> & \"q\" 'q'",
                               "\u{202E}gnp.exe Müller", "😀👩‍👩‍👧 Emoji GmbH", String(repeating: "Ω", count: 10_000)]

    /// Held (suspended: needs attention; small: carried forward) and paid affiliates with
    /// hostile names, a voided commission, a converted currency, and an October run before
    /// November for the month-over-month chart.
    private func populate(_ s: Scenario) throws {
        try s.rate("EUR", "CHF", "0.93", validFrom: "2026-08-01 00:00:00+02")
        for (index, name) in Self.hostileNames.enumerated() {
            let id = Int64(index + 1)
            try s.affiliate(id, currency: index % 2 == 0 ? "CHF" : "EUR", name: name, suspended: index < 3)
            try s.commission(id * 100, affiliate: id, amount: index < 3 ? "\(70 + index).40" : "\(10 + index).00",
                             currency: "CHF", orderedAt: "2026-09-20 12:00:00+02")
        }
        for id in Int64(11)...16 {
            let method = ["iban", "paypal", "prepaid"][Int(id) % 3]
            try s.affiliate(id, currency: id % 2 == 0 ? "EUR" : "CHF", method: method, name: "Paid \(id) <b>bold</b>")
            try s.commission(id * 100, affiliate: id, amount: "\(50 + id).25", orderedAt: "2026-08-20 12:00:00+02")
            try s.commission(id * 100 + 1, affiliate: id, amount: "\(60 + id).75", currency: "EUR", orderedAt: "2026-09-20 12:00:00+02")
            try s.commission(id * 100 + 2, affiliate: id, amount: "20", orderedAt: "2026-10-20 12:00:00+02")
        }
        try s.commission(9_999, affiliate: 11, amount: "30", orderedAt: "2026-09-20 12:00:00+02", product: "domain")
        // Suspended and already held so in October: in November it still needs attention, but
        // not newly (the three above are first due in November, so they do).
        try s.affiliate(7, name: "Held again", suspended: true)
        try s.commission(700, affiliate: 7, amount: "80", orderedAt: "2026-08-20 12:00:00+02")
    }

    private func runBinary(_ s: Scenario, _ arguments: [String]) throws {
        let result = try PayoutsBinary.run(arguments + ["--out", s.out.path], database: s.db.name)
        #expect([0, 3].contains(result.status), "payouts \(arguments.joined(separator: " ")): \(result.stderr)")
    }

    @Test(.enabled(if: browser != nil || unavailable == nil,
                   "BROWSER TEST SKIPPED: \(unavailable ?? "") (see scripts/lib/browser.sh)"))
    func reportOfARunAndOfAPreviewInHeadlessChromium() throws {
        let browser = try #require(Self.browser, "PAYOUTS_BROWSER is not set: run scripts/test (scripts/lib/browser.sh installs Chromium)")
        let python = try #require(ProcessInfo.processInfo.environment["ORACLE_PYTHON"], "ORACLE_PYTHON is not set: run scripts/test")
        let s = try Scenario()
        try populate(s)
        try runBinary(s, ["run", "--as-of", "2026-10-01"])
        try runBinary(s, ["run", "--as-of", "2026-11-01"])
        try runBinary(s, ["run", "--as-of", "2026-12-01", "--dry-run"])

        let names = s.out.appendingPathComponent("hostile-names.json")
        try JSONSerialization.data(withJSONObject: Self.hostileNames).write(to: names)
        let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Browser/check_report_html.py").path
        for (folder, kind) in [("2026-11", "run"), ("2026-12-preview", "preview")] {
            let dir = s.out.appendingPathComponent(folder)
            var arguments = [checker, dir.path, browser, kind, names.path]
            // Keep a screenshot for a person to look at, when asked to.
            if let shots = ProcessInfo.processInfo.environment["PAYOUTS_REPORT_SCREENSHOTS"] {
                arguments.append(shots + "/report-\(folder).png")
            }
            let result = try Self.run(python, arguments)
            #expect(result.status == 0, "\(folder)/report.html in Chromium:\n\(result.output)")
        }
        // The November page really holds the hostile names (the checker compares them as text).
        let held = try s.json("2026-11", "report.json")["affiliates"] as! [[String: Any]]
        #expect(held.filter { $0["status"] as? String == "held" }.count >= Self.hostileNames.count)
        // The headline figures the checker compared differ: one hold is repeated, three are new.
        let november = try s.json("2026-11", "report.json")
        #expect(november["needs_attention"] as? Int == 4)
        #expect(november["new_attention"] as? Int == 3)
    }

    @Test func reportHTMLIsListedInTheManifestAndReExportedByteForByteAfterARename() throws {
        let s = try Scenario()
        try populate(s)
        try s.run("2026-11-01")
        let dir = s.out.appendingPathComponent("2026-11")
        let file = dir.appendingPathComponent("report.html")
        let original = try Data(contentsOf: file)
        let files = try s.json("2026-11", "manifest.json")["files"] as! [[String: Any]]
        let entry = try #require(files.first { $0["path"] as? String == "report.html" })
        #expect(entry["channel"] as? String == "report")
        #expect(entry["sha256"] as? String == Self.sha256(file.path))

        // A rename in the live table after the run changes nothing in the run's page.
        try s.conn.execute("update affiliates set name = 'Renamed', account_holder = 'Renamed'")
        try FileManager.default.removeItem(at: file)
        _ = try s.job().export(month: try .parseAsOf("2026-11"))
        #expect(try Data(contentsOf: file) == original)
        let html = String(decoding: original, as: UTF8.self)
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!html.contains("Renamed"))
        #expect(html.contains("Product excluded from the affiliate program. <span class=\"code\">excluded_product</span>"))
        #expect(html.contains("1 EUR = 0.93 CHF"))
    }

    private static func sha256(_ path: String) -> String? {
        guard let result = try? run("/usr/bin/sha256sum", [path]), result.status == 0 else { return nil }
        return result.output.split(separator: " ").first.map(String.init)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
