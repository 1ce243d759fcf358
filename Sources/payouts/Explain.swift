import Accrual
import ArgumentParser
import PayoutRun

struct Explain: JobCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say in plain words how an order was decided: which click, which customer rule, which tier.")

    @Argument(help: ArgumentHelp("The order number, as the affiliate sees it.", valueName: "ORDER_REF"))
    var orderRef: String

    @OptionGroup var session: SessionOptions

    func execute() throws -> ExitStatus {
        let job = session.accrualJob()
        print(try job.explain(orderRef: orderRef).render())
        return .done
    }
}
