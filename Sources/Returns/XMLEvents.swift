import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A streaming walk over an XML document with FoundationXML's `XMLParser` (SAX, constant
/// memory): hands each element to `visit` when it ends, with its path of local names,
/// text, attributes and line. External entities are never resolved.
struct XMLEvents {
    struct Element {
        /// Local names from the root, e.g. ["Document", "CstmrPmtStsRpt", "GrpHdr", "MsgId"].
        var path: [String]
        var text: String
        var attributes: [String: String]
        var line: Int
    }

    /// Walks `data`; returns the root element's namespace URI. Throws `StatusFileError` for a
    /// document that is not well-formed, naming the line.
    static func walk(_ data: Data, file: String, start: (Element) throws -> Void = { _ in },
                     end visit: (Element) throws -> Void) throws -> String? {
        try withoutActuallyEscaping(start) { start in
            try withoutActuallyEscaping(visit) { visit in
                try run(data, file: file, Delegate(start: start, end: visit))
            }
        }
    }

    private static func run(_ data: Data, file: String, _ delegate: Delegate) throws -> String? {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let ok = parser.parse()
        parser.delegate = nil
        if let error = delegate.thrown { throw error }
        if !ok {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "not well-formed XML"
            throw StatusFileError(file: file, location: "line \(parser.lineNumber)", "malformed XML (\(reason))")
        }
        if let open = delegate.stack.last {
            throw StatusFileError(file: file, location: "line \(parser.lineNumber)", "malformed XML (the document ends inside <\(open.path.last ?? "")>)")
        }
        return delegate.rootNamespace
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let start: (Element) throws -> Void
        let end: (Element) throws -> Void
        var stack: [Element] = []
        var rootNamespace: String?
        var thrown: (any Error)?

        init(start: @escaping (Element) throws -> Void, end: @escaping (Element) throws -> Void) {
            self.start = start
            self.end = end
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            if stack.isEmpty { rootNamespace = namespaceURI }
            let element = Element(path: (stack.last?.path ?? []) + [name], text: "", attributes: attributes, line: parser.lineNumber)
            stack.append(element)
            guard thrown == nil else { return }
            do { try start(element) } catch { thrown = error; parser.abortParsing() }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard var element = stack.popLast(), thrown == nil else { return }
            element.text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
            do { try end(element) } catch { thrown = error; parser.abortParsing() }
        }
    }
}

extension Decimal {
    /// An ISO 20022 / PayPal decimal amount ("65.24"); nil for anything else.
    static func exactAmount(_ text: String) -> Decimal? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              text.filter({ $0 == "." }).count <= 1 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
