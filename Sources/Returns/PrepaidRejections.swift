import Foundation

/// Reads the prepaid system's rejections CSV (RFC 4180, header row): columns
/// `payout_reference` and `reason`, optionally `amount` and `currency`. Every row is a
/// credit that failed: money back.
///
/// ```
/// payout_reference,reason,amount,currency
/// AP202612-7,account closed,57.10,CHF
/// ```
public enum PrepaidRejections {
    public static func parse(_ data: Data, file: String) throws -> StatusFile {
        guard let text = String(data: data, encoding: .utf8) else {
            throw StatusFileError(file: file, location: nil, "not UTF-8 text")
        }
        let rows = try CSVRows.parse(text, file: file)
        guard let header = rows.first else {
            throw StatusFileError(file: file, location: nil, "empty file: expected a header row with payout_reference and reason")
        }
        let names = header.cells.map { $0.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "_") }
        guard let referenceColumn = names.firstIndex(of: "payout_reference"), let reasonColumn = names.firstIndex(of: "reason") else {
            throw StatusFileError(file: file, location: "line 1", "not a prepaid rejections file: the header needs payout_reference and reason (found \(header.cells.joined(separator: ",")))")
        }
        let amountColumn = names.firstIndex(of: "amount")
        let currencyColumn = names.firstIndex(of: "currency")
        var result = StatusFile(kind: .prepaid)
        for row in rows.dropFirst() where !(row.cells.count == 1 && row.cells[0].isEmpty) {
            let location = "line \(row.line)"
            guard row.cells.count == names.count else {
                throw StatusFileError(file: file, location: location, "\(row.cells.count) cells, the header has \(names.count)")
            }
            let reference = row.cells[referenceColumn].trimmingCharacters(in: .whitespaces)
            guard !reference.isEmpty else { throw StatusFileError(file: file, location: location, "no payout reference") }
            var amount: Decimal?
            if let column = amountColumn, !row.cells[column].isEmpty {
                guard let exact = Decimal.exactAmount(row.cells[column].trimmingCharacters(in: .whitespaces)) else {
                    throw StatusFileError(file: file, location: location, "\(reference): amount \(row.cells[column]) is not a decimal amount")
                }
                amount = exact
            }
            let reason = row.cells[reasonColumn].trimmingCharacters(in: .whitespaces)
            result.records.append(ReturnRecord(
                reference: reference, status: "REJECTED", reasonCode: reason.isEmpty ? nil : reason, moneyBack: true,
                amount: amount, currency: currencyColumn.map { row.cells[$0].trimmingCharacters(in: .whitespaces).uppercased() },
                location: location))
        }
        return result
    }
}

/// RFC 4180 rows with the line each starts on.
enum CSVRows {
    struct Row { var cells: [String]; var line: Int }

    static func parse(_ text: String, file: String) throws -> [Row] {
        var rows: [Row] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var line = 1
        var rowLine = 1
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        func endRow() { cells.append(cell); rows.append(Row(cells: cells, line: rowLine)); cells = []; cell = "" }
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { cell.unicodeScalars.append("\""); i += 1 } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    cell.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                guard cell.isEmpty else { throw StatusFileError(file: file, location: "line \(line)", "a quote inside an unquoted cell") }
                quoted = true
            } else if c == "," {
                cells.append(cell); cell = ""
            } else if c == "\r" {
                // part of CRLF
            } else if c == "\n" {
                endRow(); line += 1; rowLine = line
            } else {
                cell.unicodeScalars.append(c)
            }
            i += 1
        }
        if quoted { throw StatusFileError(file: file, location: "line \(rowLine)", "a quoted cell is not closed") }
        if !cell.isEmpty || !cells.isEmpty { endRow() }
        return rows
    }
}
