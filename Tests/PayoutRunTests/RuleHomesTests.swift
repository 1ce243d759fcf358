import PayoutCore
import PayoutSQL
import Postgres
import Testing

/// Rules that SQL decides set-wise and Swift also knows agree on every input class.
@Suite struct RuleHomesTests {
    @Test func needsAttentionInSQLAgreesWithHoldReasonForEveryReasonAndPair() throws {
        let s = try Scenario()
        var lists: [[HoldReason]] = [[]]
        for a in HoldReason.allCases {
            lists.append([a])
            for b in HoldReason.allCases where a < b { lists.append([a, b]) }
        }
        for reasons in lists {
            let sql = try s.conn.queryValue("select needs_attention(\(reasons)::text[])", as: Bool.self)
            #expect(sql == HoldReason.needsAttention(reasons), "\(reasons)")
        }
    }
}
