import Foundation

extension RunFolder {
    /// `report.html`: the run for people (see `ReportHTML`). Written atomically with the same
    /// no-overwrite policy as every other file; `held` is called twice (see `ReportHTML.render`).
    public func writeReportHTML(_ report: RunReportSummary,
                                held: (_ emit: (HeldAffiliate) throws -> Void) throws -> Void) throws -> [ManifestEntry] {
        try writeReportHTML(report, heldRows: { _, emit in
            try withoutActuallyEscaping(emit) { emit in try held { try $0.withRow(emit) } }
        })
    }

    /// Same, `held` told which pass it feeds: the affiliates needing attention, then the others.
    public func writeReportHTML(_ report: RunReportSummary, heldRows held: ReportHTML.HeldRowsByPass) throws -> [ManifestEntry] {
        let name = "report.html"
        let (digest, disposition) = try AtomicFile.write(directory: directory, name: name) { file in
            try ReportHTML.render(report, heldRows: held, into: file)
        }
        return [ManifestEntry(path: name, channel: .report, format: .html, sha256: digest, disposition: disposition)]
    }
}
