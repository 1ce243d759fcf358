"""Opens a run folder's report.html in headless Chromium (the Debian binary, driven by
Playwright) and checks it against the folder's report.json, as a finance clerk's browser
would show and print it.

usage: check_report_html.py FOLDER CHROMIUM {run|preview} NAMES_JSON [SCREENSHOT_PNG]

NAMES_JSON is a JSON list of hostile affiliate names that must appear, as plain text, in the
held affiliates table. Prints "ok" and exits 0, or lists every failed check and exits 1.
"""
import io
import json
import pathlib
import sys
from decimal import Decimal

import pypdf
from playwright.sync_api import sync_playwright

folder, chromium, kind, names_file = sys.argv[1:5]
screenshot = sys.argv[5] if len(sys.argv) > 5 else None
folder = pathlib.Path(folder)
report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
names = json.loads(pathlib.Path(names_file).read_text(encoding="utf-8"))
page_url = (folder / "report.html").resolve().as_uri()
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


# A4 portrait, 14 mm side margins (the report's @page rule): the printable width in CSS px.
A4_CONTENT_WIDTH_PX = int((210 - 2 * 14) / 25.4 * 96)

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    console, requests = [], []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_url, wait_until="load")
    page.wait_for_timeout(200)

    check(console == [], f"console errors or warnings: {console}")
    check(requests == [page_url], f"network requests other than the page itself: {[u for u in requests if u != page_url]}")
    active = page.eval_on_selector_all("script, iframe, object, embed, img, link, base, form, a, audio, video, source, meta[http-equiv=refresh]",
                                       "els => els.map(e => e.tagName)")
    check(active == [], f"active or linking elements in the page: {active}")

    # Title and preview marking.
    title = page.title()
    if kind == "preview":
        check(title.startswith("PREVIEW"), f"preview title does not start with PREVIEW: {title!r}")
        check(page.locator(".preview-banner").count() == 1, "preview banner missing")
    else:
        check("PREVIEW" not in page.content(), "a committed run's report mentions PREVIEW")

    # Headline counts equal report.json.
    entries = report["affiliates"]
    paid = sum(1 for e in entries if e["status"] == "paid")
    held = [e for e in entries if e["status"] == "held"]
    counts = page.eval_on_selector_all(".kpis li .n", "els => els.map(e => e.textContent.replace(/,/g, ''))")
    expected_counts = [str(paid), str(len(held)), str(report["needs_attention"]), str(report["new_attention"])]
    check(counts == expected_counts,
          f"headline counts {counts} != paid, held, attention, new attention {expected_counts}")
    new_entries = sum(1 for e in held if e.get("new_attention"))
    check(report["new_attention"] == new_entries,
          f"report.json new_attention {report['new_attention']} != {new_entries} entries marked new")

    # Paid totals per channel and currency equal report.json, to the cent.
    rows = page.eval_on_selector_all("#totals tbody tr", """rows => rows.map(r => [r.dataset.channel,
        r.cells[1].textContent, r.cells[2].textContent, r.cells[3].textContent])""")
    shown = sorted((c, cur, int(n.replace(",", "")), Decimal(a.replace(",", ""))) for c, cur, n, a in rows)
    expected = sorted((t["channel"], t["currency"], t["count"], Decimal(t["amount"])) for t in report["totals"])
    check(shown == expected, f"paid totals in the page {shown} != report.json {expected}")
    for cur in sorted({t["currency"] for t in report["totals"]}):
        in_json = sum(Decimal(t["amount"]) for t in report["totals"] if t["currency"] == cur)
        footer = page.eval_on_selector_all("#totals tfoot tr", "rows => rows.map(r => [r.cells[1].textContent, r.cells[3].textContent])")
        check([cur, in_json] in [[c, Decimal(a.replace(",", ""))] for c, a in footer], f"{cur} grand total missing or wrong: {footer}")

    # Held affiliates: every one listed once, attention first, then by amount.
    held_rows = page.eval_on_selector_all("#held tbody tr:not(:first-child)", """rows => rows.map(r => ({
        id: r.cells[0].textContent, attention: r.parentElement.classList.contains('attention'),
        amount: r.cells[3].textContent, codes: [...r.querySelectorAll('.code')].map(c => c.textContent)}))""")
    check(sorted(int(r["id"]) for r in held_rows) == sorted(e["affiliate_id"] for e in held),
          "held table does not list exactly the held affiliates of report.json")
    flags = [r["attention"] for r in held_rows]
    check(flags == sorted(flags, reverse=True), "a held affiliate needing attention comes after one that does not")
    by_id = {e["affiliate_id"]: e for e in held}
    for r in held_rows:
        e = by_id.get(int(r["id"]))
        if e:
            check(r["codes"] == e["reasons"], f"affiliate {r['id']}: reason codes {r['codes']} != {e['reasons']}")
            check(r["attention"] == (e["reasons"] != ["below_threshold"]), f"affiliate {r['id']} in the wrong group")
            if e["amount"] is not None:
                check(Decimal(r["amount"].replace(",", "")) == Decimal(e["amount"]), f"affiliate {r['id']}: amount {r['amount']} != {e['amount']}")

    # Hostile names: present as text, creating no element.
    cells = page.eval_on_selector_all("td.name", "els => els.map(e => [e.textContent, e.querySelectorAll('*').length])")
    texts = [t for t, _ in cells]
    for name in names:
        check(name in texts, f"hostile name not shown verbatim as text: {name[:60]!r}")
    check(all(n == 1 for _, n in cells), "a name cell contains elements other than its <bdi>")

    # Accessibility basics: header cells scoped, tables captioned, charts with a text alternative.
    unscoped = page.eval_on_selector_all("th:not([scope])", "els => els.length")
    check(unscoped == 0, f"{unscoped} table header cells without scope")
    uncaptioned = page.eval_on_selector_all("table", "els => els.filter(t => !t.caption || !t.caption.textContent.trim()).length")
    check(uncaptioned == 0, f"{uncaptioned} tables without caption")
    charts = page.eval_on_selector_all("svg", """els => els.map(s => {
        const t = document.getElementById(s.getAttribute('aria-labelledby') || '');
        const d = document.getElementById(s.getAttribute('aria-describedby') || '');
        return [s.getAttribute('role'), t ? t.textContent : '', d ? d.textContent : ''];
    })""")
    check(len(charts) >= (1 if report["totals"] else 0), "no chart")
    for role, t, d in charts:
        check(role == "img" and t.strip() and d.strip(), f"chart without role=img, title and description: {role!r} {t!r}")
    # Text contrast (WCAG AA 4.5:1) of every element that holds text directly.
    low = page.evaluate("""() => {
        const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
            .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
        const bg = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
            if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
        const bad = [];
        for (const el of document.body.querySelectorAll('*')) {
            if (el.closest('svg')) continue;
            if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
            const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg(el));
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            if (ratio < 4.5) bad.push(el.tagName + '.' + el.className + ' ' + ratio.toFixed(2));
        }
        return bad;
    }""")
    check(low == [], f"text below 4.5:1 contrast: {low[:5]}")

    if screenshot:
        page.screenshot(path=screenshot, full_page=True)

    # Print: the layout fits the width of an A4 page; every page is A4; a preview says so on every page.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_CONTENT_WIDTH_PX, "height": 1000})
    overflow = page.evaluate("""w => {
        const wide = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > w + 1)
            .map(e => e.tagName + '.' + e.className);
        return [document.documentElement.scrollWidth, wide.slice(0, 5)];
    }""", A4_CONTENT_WIDTH_PX)
    check(overflow[0] <= A4_CONTENT_WIDTH_PX and overflow[1] == [], f"print layout wider than A4: {overflow}")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    for number, pdf_page in enumerate(pdf.pages, 1):
        width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
        check(abs(width - 595.28) < 1.5 and abs(height - 841.89) < 1.5, f"page {number} is not A4 portrait: {width} x {height} pt")
        text = pdf_page.extract_text() or ""
        if kind == "preview":
            check("PREVIEW" in text, f"printed page {number} of {len(pdf.pages)} does not say PREVIEW")
        else:
            check("PREVIEW" not in text, f"printed page {number} of a committed run says PREVIEW")
    browser.close()

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"ok ({len(pdf.pages)} printed pages)")
