"""Hands a pain.001 to mock-bank (PyPI `mock-bank`, run inside this process) the way a bank's
front end receives it, and says whether the bank accepts every payment in it.

usage: mock_bank_check.py PAIN001
The file's debtor account is opened at the bank first (mock-bank only holds its own demo
accounts). Prints the bank's findings and answer; exits 0 only when the file has no error
finding and `POST /payments` answers 202 with every payment accepted.
"""
import json
import re
import sys
import threading
import urllib.error
import urllib.request

from mockbank import validate
from mockbank.server import Config, make_server


def main(path):
    body = open(path, "rb").read()
    findings = validate.validate(body, "application/xml")
    errors = [f for f in findings if f.level == "error"]
    for finding in findings:
        print("finding: " + validate.render(finding))
    httpd = make_server(Config(port=0, quiet=True))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % httpd.server_port

    def call(path, data, content_type):
        request = urllib.request.Request(base + path, data=data, method="POST",
                                         headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    debtor = re.search(rb"<DbtrAcct>\s*<Id>\s*<IBAN>([A-Z0-9]+)</IBAN>", body)
    currency = re.search(rb'<InstdAmt Ccy="([A-Z]{3})"', body)
    if debtor and currency:
        status, text = call("/_mock/accounts", json.dumps({
            "id": "PAYOUTS", "name": "Debtor of the payout run", "iban": debtor.group(1).decode(),
            "currency": currency.group(1).decode(), "balance": 10 ** 17}).encode(), "application/json")
        print("open debtor account: %d %s" % (status, text[:300]))
    status, text = call("/payments", body, "application/xml")
    httpd.shutdown()
    print("POST /payments: %d %s" % (status, text[:3000]))
    answer = json.loads(text) if text.startswith("{") else {}
    accepted = status == 202 and answer.get("rejected") == 0 and answer.get("accepted", 0) > 0
    sys.exit(0 if accepted and not errors else 1)


if __name__ == "__main__":
    main(sys.argv[1])
