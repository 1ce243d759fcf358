import Foundation

// MARK: - Date (timestamptz)

extension Date: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    /// ISO 8601 in UTC with microseconds, e.g. "2024-01-31 23:59:59.123456+00", for `timestamptz`.
    public func postgresText() throws -> String {
        let seconds = timeIntervalSince1970
        let microsDouble = (seconds * 1_000_000).rounded()
        // Years 1…9999 only: keeps the text unambiguous ISO (no BC, no 5-digit years).
        guard microsDouble.isFinite, microsDouble >= -62_135_596_800_000_000, microsDouble < 253_402_300_800_000_000 else {
            throw PostgresError(kind: .encoding, message: "Date outside the years 1…9999 cannot be sent as timestamptz")
        }
        let micros = Int64(microsDouble)
        let (days, microOfDay) = micros.floorDivided(by: 86_400_000_000)
        let (y, m, d) = civilDate(fromDays: days)
        let secondOfDay = microOfDay / 1_000_000
        let fraction = microOfDay % 1_000_000
        return pad(y, 4) + "-" + pad(Int64(m), 2) + "-" + pad(Int64(d), 2) + " "
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
            + "." + pad(fraction, 6) + "+00"
    }

    /// Parses `timestamptz` output in DateStyle ISO ("2024-01-31 23:59:59.5+01", "+05:30", "+00:53:28").
    /// Timestamps without a zone offset, BC dates and ±infinity throw.
    public static func decode(postgresText text: String) throws -> Date {
        guard let date = parseTimestampTZ(Array(text.utf8)) else {
            if text == "infinity" || text == "-infinity" {
                throw PostgresDecodingFailure("timestamp \(text) is not a Date")
            }
            throw PostgresDecodingFailure("not an ISO timestamp with time zone (expected timestamptz with DateStyle ISO)")
        }
        return date
    }
}

private func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

extension Int64 {
    /// Division rounding toward negative infinity, with a non-negative remainder.
    fileprivate func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var q = self / divisor
        var r = self % divisor
        if r < 0 { q -= 1; r += divisor }
        return (q, r)
    }
}

// Proleptic Gregorian calendar conversions (H. Hinnant's algorithms): no Calendar, no locale.
private func civilDate(fromDays z0: Int64) -> (year: Int64, month: Int, day: Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), Int(m), Int(d))
}

private func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

private func parseTimestampTZ(_ b: [UInt8]) -> Date? {
    var i = 0
    func digits(_ count: Int) -> Int64? {
        guard i + count <= b.count else { return nil }
        var v: Int64 = 0
        for k in i..<(i + count) {
            guard b[k] >= 48, b[k] <= 57 else { return nil }
            v = v * 10 + Int64(b[k] - 48)
        }
        i += count
        return v
    }
    func expect(_ c: Character) -> Bool {
        guard i < b.count, b[i] == c.asciiValue! else { return false }
        i += 1
        return true
    }
    guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
          expect(" ") || expect("T"),
          let hour = digits(2), expect(":"), let minute = digits(2), expect(":"), let second = digits(2)
    else { return nil }
    var micros: Int64 = 0
    if expect(".") {
        var count = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            guard count < 6 else { return nil }  // PostgreSQL never prints more than microseconds
            micros = micros * 10 + Int64(b[i] - 48)
            count += 1
            i += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<6 { micros *= 10 }
    }
    guard i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
    let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
    i += 1
    guard let offH = digits(2) else { return nil }
    var offM: Int64 = 0, offS: Int64 = 0
    if expect(":") {
        guard let mm = digits(2) else { return nil }
        offM = mm
        if expect(":") {
            guard let ss = digits(2) else { return nil }
            offS = ss
        }
    }
    guard i == b.count,  // rejects " BC" and anything else unexpected
          (1...12).contains(month), (1...31).contains(day), hour <= 24, minute <= 59, second <= 60
    else { return nil }
    let dayCount = days(fromCivil: year, month, day)
    guard civilDate(fromDays: dayCount) == (year, Int(month), Int(day)) else { return nil }  // e.g. Feb 30
    let offset = sign * (offH * 3600 + offM * 60 + offS)
    let seconds = dayCount * 86_400 + hour * 3600 + minute * 60 + second - offset
    return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(micros) / 1_000_000)
}

