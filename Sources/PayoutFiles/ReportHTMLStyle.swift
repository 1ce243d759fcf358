/// The style sheet of report.html, inline so the file needs nothing beside it (it is opened
/// offline and sent by e-mail). Colours keep at least 4.5:1 contrast against their
/// background; print rules fit A4 portrait.
enum ReportHTMLStyle {
    /// `pageLabel` goes into the printed page margin (CSS string; the caller passes only
    /// digits, letters, spaces and dashes).
    static func css(pageLabel: String, preview: Bool) -> String {
        """
        :root { color-scheme: light; --ink: #1b1f24; --muted: #4a5560; --line: #c9d1d9; --band: #f3f5f7;
          --accent: #1f5f99; --warn: #9a3412; --warn-bg: #fff4e5; --ok: #1e6b3a; --preview: #8a1c1c; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1.25rem 3rem; color: var(--ink); background: #fff;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; line-height: 1.2; }
        h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid var(--ink); }
        p { margin: .4rem 0; }
        .muted { color: var(--muted); }
        .preview-banner { margin: 0 0 1rem; padding: .6rem .9rem; border: 2px solid var(--preview); color: var(--preview);
          background: #fff5f5; font-weight: 700; letter-spacing: .02em; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .75rem 0 1rem; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; font-variant-numeric: tabular-nums; }
        .kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: .75rem; margin: 1rem 0; padding: 0; list-style: none; }
        .kpis li { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; background: var(--band); }
        .kpis .n { display: block; font-size: 1.6rem; font-weight: 700; font-variant-numeric: tabular-nums; }
        .kpis .attention { border-color: var(--warn); background: var(--warn-bg); color: var(--warn); }
        table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: .5rem 0 1rem; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; caption-side: top; }
        th, td { padding: .35rem .5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top;
          overflow-wrap: anywhere; }
        thead th { background: var(--band); border-bottom: 2px solid var(--ink); font-weight: 600; }
        tfoot th, tfoot td { border-bottom: none; font-weight: 700; }
        tfoot tr:first-child th, tfoot tr:first-child td { border-top: 2px solid var(--ink); }
        th[scope=rowgroup] { background: var(--band); font-weight: 700; }
        tbody.attention th[scope=rowgroup] { background: var(--warn-bg); color: var(--warn); }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .85em;
          color: var(--muted); white-space: nowrap; }
        .name bdi { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; line-clamp: 3;
          overflow: hidden; overflow-wrap: anywhere; word-break: break-word; }
        .reasons { margin: 0; padding: 0; list-style: none; }
        .reasons li + li { margin-top: .2rem; }
        .flag { display: inline-block; padding: 0 .35rem; border-radius: 3px; background: var(--warn); color: #fff;
          font-size: .75rem; font-weight: 700; }
        figure { margin: .5rem 0 1rem; }
        figure svg { display: block; width: 100%; max-width: 44rem; height: auto; }
        figcaption { font-size: .85rem; color: var(--muted); }
        .empty { color: var(--muted); font-style: italic; }
        footer { margin-top: 2.5rem; font-size: .8rem; color: var(--muted); border-top: 1px solid var(--line); padding-top: .5rem; }
        col.c-id { width: 5.5rem; } col.c-cur { width: 5.75rem; } col.c-amt { width: 8.5rem; } col.c-n { width: 6rem; }
        col.c-method { width: 9rem; } col.c-name { width: 24%; } col.c-date { width: 11rem; }
        @page { size: A4 portrait; margin: 16mm 14mm 18mm;
          @top-center { content: "\(preview ? "PREVIEW - not a payment run - nothing was paid" : "")"; color: #8a1c1c; font: 700 10pt sans-serif; }
          @bottom-left { content: "\(pageLabel)"; font: 8pt sans-serif; color: #4a5560; }
          @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #4a5560; } }
        @media print {
          body { max-width: none; padding: 0; font-size: 9.5pt; }
          h2 { break-after: avoid; page-break-after: avoid; }
          figure, tr, .kpis li { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          .kpis li, thead th, th[scope=rowgroup], .preview-banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          figure svg { max-width: 100%; }
        }
        """
    }
}
