import Testing
@testable import PayoutCore

@Suite struct PayPalReceiverTests {
    @Test(arguments: [
        "anna@example.ch",
        "anna.muster@example.ch",
        "a@b.co",
        "ANNA@EXAMPLE.CH",
        "first.last+payouts@sub.mail.example.com",
        "o'brien@example.ie",
        "user_name-1@my-domain.de",
        "x!#$%&'*/=?^`{|}~@example.org",
        "123@456.example",
        "user@xn--bcher-kva.ch", // IDN domain in punycode (bücher.ch)
        "user@example.xn--p1ai", // punycode TLD (.рф)
    ])
    func acceptsPlausibleAddresses(email: String) {
        #expect(PayPalReceiver.isPlausibleEmail(email))
    }

    @Test(arguments: [
        "",
        "@",
        "anna",
        "anna@",
        "@example.ch",
        "anna@@example.ch",
        "anna@b@example.ch",
        "anna@localhost", // no dot in the domain
        "anna@example.c", // TLD too short
        "anna@example.c1", // TLD with a digit
        "anna@example.123",
        "anna@.example.ch",
        "anna@example.ch.",
        "anna@example..ch",
        "anna@-example.ch",
        "anna@example-.ch",
        "anna@exa_mple.ch",
        "anna@[192.168.0.1]",
        "anna..muster@example.ch",
        ".anna@example.ch",
        "anna.@example.ch",
        "anna muster@example.ch",
        " anna@example.ch", // not normalised
        "anna@example.ch ",
        "anna@example.ch\n",
        "anna\t@example.ch",
        "anna\u{0000}@example.ch",
        "\"anna muster\"@example.ch", // quoted local parts are not supported
        "anna(comment)@example.ch",
        "anna@example.ch,bob@example.ch",
        "anna@bücher.ch", // IDN must be stored as punycode
        "jörg@example.de", // non-ASCII local part
        "аnna@example.ch", // Cyrillic "а" look-alike
        "anna@example.ch\u{200B}", // zero-width space
        "anna@ｅxample.ch", // full-width letter
    ])
    func rejectsImplausibleAddresses(email: String) {
        #expect(!PayPalReceiver.isPlausibleEmail(email))
    }

    @Test func localPartLimitIs64() {
        let local64 = String(repeating: "a", count: 64)
        #expect(PayPalReceiver.isPlausibleEmail(local64 + "@example.ch"))
        #expect(!PayPalReceiver.isPlausibleEmail(local64 + "a@example.ch"))
    }

    @Test func labelLimitIs63() {
        let label63 = String(repeating: "b", count: 63)
        #expect(PayPalReceiver.isPlausibleEmail("a@" + label63 + ".ch"))
        #expect(!PayPalReceiver.isPlausibleEmail("a@" + label63 + "b.ch"))
    }

    @Test func totalLimitIs254() {
        // local (64) + "@" + domain; domain built from 63-character labels.
        let label = String(repeating: "c", count: 63)
        let local = String(repeating: "a", count: 64)
        func address(domainLength: Int) -> String {
            // Three full labels and a tail, ending in ".ch".
            let head = [label, label].joined(separator: ".") + "."
            let tailLength = domainLength - head.count - 3
            return local + "@" + head + String(repeating: "d", count: tailLength) + ".ch"
        }
        let at254 = address(domainLength: 254 - 65)
        let at255 = address(domainLength: 255 - 65)
        #expect(at254.utf8.count == 254)
        #expect(at255.utf8.count == 255)
        #expect(PayPalReceiver.isPlausibleEmail(at254))
        #expect(!PayPalReceiver.isPlausibleEmail(at255))
    }

    @Test func normaliseTrimsOnly() {
        #expect(PayPalReceiver.normalise("  anna@example.ch\n") == "anna@example.ch")
        #expect(PayPalReceiver.normalise("\u{00A0}\tanna@example.ch\r\n") == "anna@example.ch")
        #expect(PayPalReceiver.normalise("Anna@Example.CH") == "Anna@Example.CH") // case kept
        #expect(PayPalReceiver.normalise("a b") == "a b") // inner whitespace kept, and then rejected
        #expect(PayPalReceiver.normalise(" \n\t ") == "")
        #expect(PayPalReceiver.isPlausibleEmail(PayPalReceiver.normalise("  anna@example.ch\n")))
        #expect(!PayPalReceiver.isPlausibleEmail(PayPalReceiver.normalise(" a b@example.ch ")))
    }
}
