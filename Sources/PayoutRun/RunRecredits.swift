import Foundation
import PayoutFiles
import Postgres
import Returns

extension RunExporter {
    /// The returned payouts whose re-credits this run paid, for its report and statement.
    func recreditLines(runId: Int64) throws -> [RecreditLine] {
        try connection.query(LifecycleStatements.runReturns(runId: runId)).map { row in
            let code = try row.decode(String?.self, "reason_code")
            return RecreditLine(
                affiliateId: try row.decode(Int64.self, "affiliate_id"), returnedReference: try row.decode(String.self, "reference"),
                returnedFrom: try row.decode(String.self, "returned_from"), status: try row.decode(String.self, "status"),
                reasonCode: code, meaning: ReasonCodes.meaning(code), amount: try row.decode(Decimal.self, "amount"),
                currency: try row.decode(String.self, "currency"), minorUnits: Int(try row.decode(Int32.self, "minor_units")))
        }
    }
}
