import Foundation

/// The two pieces every part of report.html is built from: a section with its heading (or a
/// note saying it is empty) and the head of a table. Headings and captions are escaped like
/// every other value, although today they are the page's own words.
extension ReportHTML {
    /// One column of a report table: its heading, whether it holds figures (right-aligned),
    /// and the `<col>` class that fixes its width (nil: the column takes what is left).
    struct Column {
        var heading: String
        var numeric: Bool
        var width: String?

        static func text(_ heading: String, _ width: String? = nil) -> Column {
            Column(heading: heading, numeric: false, width: width)
        }

        static func number(_ heading: String, _ width: String? = nil) -> Column {
            Column(heading: heading, numeric: true, width: width)
        }
    }

    /// The columns of the tables that list affiliates (held, returns): id, name, currency,
    /// amount, then `last` (why).
    static func affiliateColumns(last: String) -> [Column] {
        [.text("Affiliate", "c-id"), .text("Name", "c-name"), .text("Currency", "c-cur"), .number("Amount", "c-amt"), .text(last)]
    }

    /// `<section>` with its `<h2>`, then `content`; when there is nothing to show,
    /// `emptyNote` instead (and `whenEmpty`, which may still check the input).
    static func writeSection(_ id: String, _ heading: String, emptyNote: String?, whenEmpty: () throws -> Void = {},
                             into sink: OutputSink, content: () throws -> Void) throws {
        try sink.write("<section aria-labelledby=\"\(id)-h\">\n<h2 id=\"\(id)-h\">\(HTMLText.escape(heading))</h2>\n")
        if let emptyNote {
            try sink.write("<p class=\"empty\">\(HTMLText.escape(emptyNote))</p>\n")
            try whenEmpty()
        } else {
            try content()
        }
        try sink.write("</section>\n")
    }

    /// A section that is one table, a row per element of `rows` (`writeRow` writes its
    /// `<tr>`), or `emptyNote` when there are none.
    static func writeTableSection<Row>(_ id: String, _ heading: String, emptyNote: String, caption: String,
                                       columns: [Column], rows: [Row], into sink: OutputSink,
                                       writeRow: (Row) throws -> Void) throws {
        try writeSection(id, heading, emptyNote: rows.isEmpty ? emptyNote : nil, into: sink) {
            try writeTableHead(id, caption: caption, columns: columns, into: sink)
            try sink.write("<tbody>\n")
            for row in rows { try writeRow(row) }
            try sink.write("</tbody></table>\n")
        }
    }

    /// `<table>` up to `</thead>`: caption, column widths (unless `widths` is false) and the
    /// column headings. The caller writes the body.
    static func writeTableHead(_ id: String, caption: String, columns: [Column], widths: Bool = true,
                               into sink: OutputSink) throws {
        var head = "<table id=\"\(id)\"><caption>\(HTMLText.escape(caption))</caption>"
        if widths {
            head += "<colgroup>" + columns.map { $0.width.map { "<col class=\"\($0)\">" } ?? "<col>" }.joined() + "</colgroup>"
        }
        head += "<thead><tr>"
        for column in columns {
            head += "<th scope=\"col\"\(column.numeric ? " class=\"num\"" : "")>\(HTMLText.escape(column.heading))</th>"
        }
        try sink.write(head + "</tr></thead>\n")
    }
}
