# shellcheck shell=bash
# Independent validators the tests compare our files against, fetched from PyPI at test
# time (never committed): the official ISO 20022 pain.001.001.09 XSD shipped by `sepaxml`,
# the `schwifty` IBAN validator, and `mock-bank`, a bank that judges a pain.001 the way a
# bank's front end does (scripts/lib/mock_bank_check.py). Exports PAIN001_XSD and ORACLE_PYTHON.
ensure_oracles() {
  local venv="${PAYOUTS_ORACLE_VENV:-$HOME/.cache/payouts-oracles}"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sepaxml, schwifty, mockbank' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check sepaxml schwifty mock-bank
  fi
  ORACLE_PYTHON="$venv/bin/python"
  PAIN001_XSD=$("$ORACLE_PYTHON" -c 'import os, sepaxml; print(os.path.join(os.path.dirname(sepaxml.__file__), "schemas", "pain.001.001.09.xsd"))')
  [ -f "$PAIN001_XSD" ] || { echo "pain.001.001.09.xsd not found in sepaxml" >&2; return 1; }
  export ORACLE_PYTHON PAIN001_XSD
}
