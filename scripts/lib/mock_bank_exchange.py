"""Sends a pain.001 to mock-bank (PyPI `mock-bank`, run in this process) and saves what
the bank answers: the pain.002 at once, then every camt.054 it releases while its clock
moves on. Used by the tests as the real counterparty of a run's bank file.

usage: mock_bank_exchange.py PAIN001 OUTDIR [--return END_TO_END_ID:REASON] [--days N]
"""
import json
import re
import sys
import threading
import urllib.request

from mockbank.server import Config, make_server


def main(argv):
    pain001, outdir = argv[0], argv[1]
    returned = None
    days = 10
    rest = argv[2:]
    while rest:
        flag, value, rest = rest[0], rest[1], rest[2:]
        if flag == "--return":
            returned = value.split(":", 1)
        elif flag == "--days":
            days = int(value)
    body = open(pain001, "rb").read()
    # Bank time starts on the requested execution day, before the cut-off.
    day = re.search(rb"<ReqdExctnDt>\s*<Dt>([0-9-]+)</Dt>", body).group(1).decode()
    httpd = make_server(Config(port=0, clock=day + "T09:00", quiet=True))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % httpd.server_port

    def call(method, path, data=None, content_type="application/json"):
        request = urllib.request.Request(base + path, data=data, method=method,
                                         headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    if returned:
        end_to_end_id, reason = returned
        status, answer = call("PATCH", "/_mock/accounts/ACME", json.dumps({
            "behaviour": "return-later",
            "parameters": {"days": 2, "reason": reason, "end_to_end_id": end_to_end_id}}).encode())
        assert status == 200, answer
    status, answer = call("POST", "/payments", body, "application/xml")
    print("payments: %d %s" % (status, answer[:300].decode("utf-8", "replace")), file=sys.stderr)
    saved = []

    def collect():
        status, listing = call("GET", "/_mock/mailbox")
        assert status == 200, listing
        for message in json.loads(listing):
            kind = message["type"].split(".")[0] + "." + message["type"].split(".")[1]
            name = "%s/%s-%d.xml" % (outdir, kind, message["id"])
            with open(name, "w", encoding="utf-8") as f:
                f.write(message["body"])
            saved.append(name)

    collect()
    status, answer = call("POST", "/_mock/advance?days=%d" % days)
    assert status == 200, answer
    collect()
    httpd.shutdown()
    print("\n".join(saved))


if __name__ == "__main__":
    main(sys.argv[1:])
