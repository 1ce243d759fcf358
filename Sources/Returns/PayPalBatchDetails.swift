import Foundation

/// Reads PayPal Payouts batch details, the JSON of `GET /v1/payments/payouts/{payout_batch_id}`:
/// each item's `transaction_status`, `payout_item.sender_item_id` (our payout reference),
/// `payout_item.amount` and `errors.name`. `SUCCESS` items say nothing new; the others are
/// records, money back or not as `ReturnStatus.payPal` says.
///
/// ```swift
/// let details = try PayPalBatchDetails.parse(data, file: "batch.json")
/// ```
public enum PayPalBatchDetails {
    private struct Body: Decodable {
        struct Header: Decodable {
            struct SenderHeader: Decodable { var sender_batch_id: String? }
            var sender_batch_header: SenderHeader?
        }
        struct Item: Decodable {
            struct Amount: Decodable { var value: String; var currency: String }
            struct PayoutItem: Decodable { var sender_item_id: String?; var amount: Amount? }
            struct Errors: Decodable { var name: String? }
            var transaction_status: String?
            var payout_item: PayoutItem?
            var errors: Errors?
        }
        var batch_header: Header?
        var items: [Item]?
    }

    public static func parse(_ data: Data, file: String) throws -> StatusFile {
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw StatusFileError(file: file, location: path(context.codingPath), "malformed JSON (\(context.debugDescription))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw StatusFileError(file: file, location: path(context.codingPath), "unexpected value (\(context.debugDescription))")
        } catch let DecodingError.valueNotFound(_, context) {
            throw StatusFileError(file: file, location: path(context.codingPath), "missing value (\(context.debugDescription))")
        } catch {
            throw StatusFileError(file: file, location: nil, "malformed JSON (\(error))")
        }
        guard let items = body.items, body.batch_header != nil else {
            throw StatusFileError(file: file, location: nil, "not PayPal Payouts batch details (no batch_header and items)")
        }
        var result = StatusFile(kind: .payPal)
        result.originalMessageId = body.batch_header?.sender_batch_header?.sender_batch_id
        for (index, item) in items.enumerated() {
            let location = "items[\(index)]"
            guard let reference = item.payout_item?.sender_item_id, !reference.isEmpty else {
                throw StatusFileError(file: file, location: location, "no payout_item.sender_item_id: cannot match the item to a payout")
            }
            guard let status = item.transaction_status else {
                throw StatusFileError(file: file, location: location, "\(reference) has no transaction_status")
            }
            guard let outcome = ReturnStatus.payPal(status) else {
                throw StatusFileError(file: file, location: location, "\(reference) has the unknown transaction_status \(status)")
            }
            if outcome == .paid { continue }
            var amount: Decimal?
            if let value = item.payout_item?.amount?.value {
                guard let exact = Decimal.exactAmount(value) else {
                    throw StatusFileError(file: file, location: location, "\(reference) amount \(value) is not a decimal amount")
                }
                amount = exact
            }
            result.records.append(ReturnRecord(
                reference: reference, status: status.uppercased(), reasonCode: item.errors?.name ?? status.uppercased(),
                moneyBack: outcome == .moneyBack, amount: amount, currency: item.payout_item?.amount?.currency,
                location: location))
        }
        return result
    }

    private static func path(_ codingPath: [any CodingKey]) -> String? {
        guard !codingPath.isEmpty else { return nil }
        return codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
}
