import PayoutCore
import Testing

@Suite struct PrepaidAccountTests {
    @Test(arguments: ["IK-0000005", "123456", "CUST_42", "ÄccountÜ"])
    func accountsACSVCarriesUnchangedAreWritable(_ account: String) {
        #expect(PrepaidAccount.isWritable(account))
    }

    @Test(arguments: ["", "=1+2", "+41", "-5", "@SUM(A1)", "'quoted", "IK 5", "IK-5\t", "IK\n5", "IK\u{7}5",
                      String(repeating: "9", count: PrepaidAccount.maxLength + 1)])
    func accountsTheFileWouldAlterOrCannotCarryAreNot(_ account: String) {
        #expect(!PrepaidAccount.isWritable(account))
    }

    @Test func theLongestAllowedAccountIsWritable() {
        #expect(PrepaidAccount.isWritable(String(repeating: "9", count: PrepaidAccount.maxLength)))
    }
}
