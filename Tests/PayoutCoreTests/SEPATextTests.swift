import Testing
@testable import PayoutCore

@Suite struct SEPATextTests {
    /// The SEPA Latin set, spelled out here independently of the implementation.
    static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ")

    func onlyAllowed(_ s: String) -> Bool { s.allSatisfy { Self.allowed.contains($0) } }

    @Test(arguments: [
        ("Müller", "Mueller"),
        ("Jürg Öhler-Äbi", "Juerg Oehler-Aebi"),
        ("ÜBER", "UeBER"),
        ("Straße", "Strasse"),
        ("GROẞE", "GROSSE"),
        ("Café Crème", "Cafe Creme"),
        ("François Garçon", "Francois Garcon"),
        ("Søren Ærø Åse", "Soren Aero Ase"),
        ("Łódź Gdańsk", "Lodz Gdansk"),
        ("Đorđe Þór Œuvre", "Dorde Thor Oeuvre"),
        ("Ñandú São Tomé", "Nandu Sao Tome"),
        ("Dvořák Škoda", "Dvorak Skoda"),
        ("İstanbul ığdır", "Istanbul igdir"),
        ("Müller & Söhne", "Mueller + Soehne"),
        ("order_id_7", "order-id-7"),
        ("“Quoted” «guillemets» \"plain\" ‘single’", "'Quoted' 'guillemets' 'plain' 'single'"),
        ("Zürich – Basel — Bern", "Zuerich - Basel - Bern"),
        ("a[1]{2}; b\\c|d", "a(1)(2), b/c/d"),
        ("Allowed: /-?:().,'+ 09", "Allowed: /-?:().,'+ 09"),
    ])
    func transliterates(input: String, expected: String) {
        #expect(SEPAText.transliterate(input) == expected)
    }

    @Test(arguments: [
        ("東京 Tokyo", "Tokyo"),
        ("Anna 😀 Muster", "Anna Muster"),
        ("a<b>c*d@e#f%g;h=i", "abcdefg,hi"),
        ("Price 10€ $5 ~ ^ !", "Price 10 5"),
        ("tab\there\nnew\r\nline", "tab here new line"),
        ("  many    spaces\u{00A0}\u{00A0}nbsp  ", "many spaces nbsp"),
        ("zero\u{200B}width\u{0000}nul\u{0007}bell", "zerowidthnulbell"),
        ("ｆｕｌｌ ﬁne x²", "full fine x2"),
        ("½ kg", "kg"),
        ("e\u{0301}te\u{0301}", "ete"), // decomposed input
        ("Ⓐ", "A"), // compatibility form of a plain letter
        ("Αθήνα", ""), // Greek is not Latin
        ("", ""),
        ("   ", ""),
    ])
    func dropsOrMapsTheRest(input: String, expected: String) {
        #expect(SEPAText.transliterate(input) == expected)
    }

    @Test(arguments: [
        "Müller & Söhne GmbH <info@example.ch>",
        "東京都千代田区 😀\u{0000}\t\n*#%=;",
        "ǅemal Ǆ ǈ Ĳ ĳ ŉ",
        "\u{FEFF}BOM and \u{202E}RTL override",
        String((0...0x2FF).compactMap { Unicode.Scalar($0).map(Character.init) }),
    ])
    func resultContainsOnlyAllowedCharacters(input: String) {
        let result = SEPAText.transliterate(input)
        #expect(onlyAllowed(result), "\(result)")
        #expect(SEPAText.isValid(result))
        #expect(!result.contains("  "))
        #expect(result.first != " " && result.last != " ")
    }

    @Test func documentedExamples() {
        #expect(SEPAText.transliterate("Müller & Söhne – Zürich") == "Mueller + Soehne - Zuerich")
        #expect(SEPAText.fit("//Łódź 東京", maxLength: 35, fallback: "Affiliate") == "Lodz")
    }

    @Test func isValidChecksTheCharacterSet() {
        #expect(SEPAText.isValid(""))
        #expect(SEPAText.isValid("Mueller + Soehne (Zuerich) 1/2-3?:.,'"))
        for bad in ["Müller", "a&b", "a_b", "a@b", "a\tb", "a\nb", "a\"b", "a;b", "a*b", "東", "😀", "a\u{00A0}b"] {
            #expect(!SEPAText.isValid(bad), "\(bad)")
        }
    }

    @Test func fitCutsWithoutTrailingSpace() {
        #expect(SEPAText.fit("Zürcher Kantonalbank", maxLength: 9, fallback: "x") == "Zuercher")
        #expect(SEPAText.fit("Zürcher Kantonalbank", maxLength: 10, fallback: "x") == "Zuercher K")
        #expect(SEPAText.fit("Anna", maxLength: 4, fallback: "x") == "Anna")
        #expect(SEPAText.fit("Anna", maxLength: 3, fallback: "x") == "Ann")
        // The umlaut expands to two letters; the cut counts the transliterated text.
        #expect(SEPAText.fit("Ü", maxLength: 1, fallback: "x") == "U")
        #expect(SEPAText.fit("Ab Cd", maxLength: 3, fallback: "x") == "Ab")
    }

    @Test func fitLengthBoundaries() {
        let text = String(repeating: "Müller ", count: 20)
        for maxLength in [1, 2, 35, 70, 140] {
            let fitted = SEPAText.fit(text, maxLength: maxLength, fallback: "x")
            #expect(fitted.count <= maxLength)
            #expect(onlyAllowed(fitted))
            #expect(fitted.last != " ")
            #expect(!fitted.isEmpty)
        }
        #expect(SEPAText.fit("Anna", maxLength: 0, fallback: "x") == "")
        #expect(SEPAText.fit("Anna", maxLength: -5, fallback: "x") == "")
    }

    @Test func fitFallsBack() {
        #expect(SEPAText.fit("東京", maxLength: 35, fallback: "Affiliate 7") == "Affiliate 7")
        #expect(SEPAText.fit("", maxLength: 35, fallback: "Affiliate 7") == "Affiliate 7")
        #expect(SEPAText.fit("  😀  ", maxLength: 35, fallback: "Affiliate 7") == "Affiliate 7")
        // A text that is only slashes is empty after the Swiss rule.
        #expect(SEPAText.fit("///", maxLength: 35, fallback: "Affiliate") == "Affiliate")
        // The fallback is transliterated and fitted too.
        #expect(SEPAText.fit("東京", maxLength: 6, fallback: "Zürich_Büro") == "Zueric")
        #expect(SEPAText.fit("東京", maxLength: 35, fallback: "/Büro & Co") == "Buero + Co")
        #expect(SEPAText.fit("東京", maxLength: 35, fallback: "😀") == "")
    }

    @Test(arguments: [
        ("/Invoice 7", "Invoice 7"),
        ("//Invoice 7", "Invoice 7"),
        ("/ /Invoice", "Invoice"),
        ("Ref//7///8", "Ref/7/8"),
        ("a / / b", "a / / b"), // separated slashes are fine
        ("\\\\server", "server"), // backslashes map to slashes, then the rule applies
        ("  /x", "x"),
        ("x/", "x/"),
    ])
    func fitFollowsSwissSlashRules(input: String, expected: String) {
        let fitted = SEPAText.fit(input, maxLength: 35, fallback: "fallback")
        #expect(fitted == expected)
        #expect(!fitted.hasPrefix("/"))
        #expect(!fitted.contains("//"))
    }

    @Test func fitOutputIsAlwaysSafe() {
        let inputs = ["/", "//a//b//", "/ / / x", "&&&", "Ölmühle // Übersee", String(repeating: "/a", count: 40)]
        for input in inputs {
            for maxLength in 1...40 {
                let fitted = SEPAText.fit(input, maxLength: maxLength, fallback: "/fall//back")
                #expect(fitted.count <= maxLength)
                #expect(SEPAText.isValid(fitted))
                #expect(!fitted.hasPrefix("/") && !fitted.contains("//"))
                #expect(!fitted.hasPrefix(" ") && !fitted.hasSuffix(" "))
            }
        }
    }
}
