import ArgumentParser
import PayoutRun

struct Release: JobCommand {
    static let configuration = CommandConfiguration(
        abstract: "Let the next run pay an affiliate held with payout_returned although its details did not change.")

    @Argument(help: ArgumentHelp("The affiliate id.", valueName: "AFFILIATE_ID"))
    var affiliateId: Int64

    @OptionGroup var session: SessionOptions

    func execute() throws -> ExitStatus {
        guard try session.lifecycle().release(affiliateId: affiliateId) else {
            throw JobError(.usage, "affiliate \(affiliateId) has no returned payout to release")
        }
        print("affiliate \(affiliateId) released: the next run pays it")
        return .done
    }
}
