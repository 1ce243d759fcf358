# shellcheck shell=bash
# A real browser for the report.html test: headless Chromium from Debian, driven by
# Playwright for Python (installed into the oracle venv, pointed at the Debian binary:
# `playwright install` would download its own browsers, which we never do), plus pypdf to
# read the printed PDF back. Exports PAYOUTS_BROWSER (the Chromium binary).
#
# Where no browser can be installed (not root and none present, or no package source), it
# says so loudly and exports PAYOUTS_BROWSER_UNAVAILABLE with the reason: the browser test
# then reports itself skipped with that reason instead of failing.
ensure_browser() {
  local candidate found=""
  find_chromium() {
    for candidate in chromium-headless-shell chromium; do
      command -v "$candidate" >/dev/null 2>&1 && { command -v "$candidate"; return 0; }
    done
    return 1
  }
  found=$(find_chromium) || {
    if [ "$(id -u)" -eq 0 ]; then
      ensure_packages chromium-headless-shell >/dev/null 2>&1 || ensure_packages chromium >/dev/null 2>&1 || true
    fi
    found=$(find_chromium) || found=""
  }
  local python="${ORACLE_PYTHON:?ensure_oracles first}"
  if [ -n "$found" ] && ! "$python" -c 'import playwright, pypdf' 2>/dev/null; then
    "$python" -m pip install --quiet --disable-pip-version-check playwright pypdf || true
  fi
  if [ -z "$found" ] || ! "$python" -c 'import playwright, pypdf' 2>/dev/null; then
    PAYOUTS_BROWSER_UNAVAILABLE="no headless Chromium (Debian chromium-headless-shell or chromium) or no Playwright for Python could be installed here"
    export PAYOUTS_BROWSER_UNAVAILABLE
    unset PAYOUTS_BROWSER
    {
      echo "################################################################################"
      echo "#  BROWSER TEST WILL BE SKIPPED: $PAYOUTS_BROWSER_UNAVAILABLE"
      echo "#  report.html is then NOT checked in a real browser. Run scripts/test as root"
      echo "#  on Debian (apt-get install chromium-headless-shell) to run it."
      echo "################################################################################"
    } >&2
    return 0
  fi
  PAYOUTS_BROWSER="$found"
  export PAYOUTS_BROWSER
  unset PAYOUTS_BROWSER_UNAVAILABLE
}
