import Accrual
import ArgumentParser
import PayoutRun

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say in plain words how an order was decided: which click, which customer rule, which tier.")

    @Argument(help: ArgumentHelp("The order number, as the affiliate sees it.", valueName: "ORDER_REF"))
    var orderRef: String

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var calendar: TimeZoneOptions

    func run() throws {
        try perform {
            let job = AccrualJob(conninfo: connection.conninfo, timeZone: calendar.timeZone, log: JobLog())
            print(try job.explain(orderRef: orderRef).render())
            return .done
        }
    }
}
