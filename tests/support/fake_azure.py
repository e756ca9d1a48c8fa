#!/usr/bin/env python3
"""fake_azure.py - a local stand-in for the Azure APIs yosan pulls from.

Plays: the Entra token endpoint, the IMDS endpoint, Cost Details
(202 + Location + Retry-After, polling, SAS blobs), the Cost Management
Query API (nextLink pages re-POSTing the body), the Retail Prices API
(NextPageLink pages), Azure Monitor metrics and the ARM VM list.
Data is generated deterministically from the request, so tests can compute
the expected rows. Faults are chosen on the command line (--fault).

Usage: fake_azure.py --port-file F [--stats F] [--tls CERT KEY] [--fault NAME[:COUNT]]...
Binds 127.0.0.1 on a free port, writes the port to --port-file, and
serves until killed (or --lifetime seconds, a guard against orphans).
Only the Python standard library is used.
"""
import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = os.environ.get("FAKE_AZURE_SECRET", "s3cr3t-value")
STATIC_TOKEN = "static-token-123"


def read_ea_header():
    """The legacy EA header's 55 names from importers/imp_ea_header.h, the
    project's one definition (string literals of the IMP_EA_HEADER macro)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "importers",
                        "imp_ea_header.h")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    body = text[text.index("#define IMP_EA_HEADER"):]
    body = body[:body.index("\n#endif")]
    names = "".join(re.findall(r'"([^"]*)"', body)).split(",")
    if len(names) != 55:
        raise SystemExit(f"{path}: expected 55 EA columns, found {len(names)}")
    return names


EA_HEADER = read_ea_header()

SUB = "11111111-2222-3333-4444-555555555555"
VMS = [f"/subscriptions/{SUB}/resourceGroups/rg-kenko/providers/Microsoft.Compute/virtualMachines/vm-{i}"
       for i in (1, 2, 3)]


def parse_faults(specs):
    faults = {}
    for s in specs:
        name, _, count = s.partition(":")
        faults[name] = int(count) if count else 1
    return faults


class State:
    def __init__(self, faults, stats_path):
        self.lock = threading.Lock()
        self.faults = faults
        self.stats_path = stats_path
        self.stats = {"token": 0, "imds": 0, "details_post": 0, "poll": 0, "blob": 0,
                      "blob_with_auth": 0, "query": 0, "query_body_mismatch": 0, "prices": 0,
                      "metrics": 0, "vmlist": 0, "faults_served": [], "unauthorized": 0,
                      "requests": 0, "prices_filters": [], "details_windows": [],
                      "metrics_queries": [], "proxied": 0}
        self.valid_tokens = {STATIC_TOKEN}
        self.token_seq = 0
        self.ops = {}
        self.query_bodies = {}

    def take(self, name):
        with self.lock:
            n = self.faults.get(name, 0)
            if n > 0:
                self.faults[name] = n - 1
                self.stats["faults_served"].append(name)
                return True
            return False

    def has(self, name):
        with self.lock:
            return self.faults.get(name, 0) != 0

    def bump(self, key, value=None):
        with self.lock:
            if value is None:
                self.stats[key] += 1
            else:
                self.stats[key].append(value)
            if self.stats_path:
                tmp = self.stats_path + ".tmp"
                with open(tmp, "w") as f:
                    json.dump(self.stats, f)
                os.replace(tmp, self.stats_path)


def day_range(start, end):
    d = dt.date.fromisoformat(start)
    e = dt.date.fromisoformat(end)
    while d <= e:
        yield d
        d += dt.timedelta(days=1)


def cost_rows(start, end, metric):
    """Two rows per day: a VM and a storage account, JPY, exact decimals."""
    rows = []
    for d in day_range(start, end):
        n = d.day
        for i, (cat, rid, cost) in enumerate((
                ("Virtual Machines", VMS[n % 3], f"{100 + n}.125"),
                ("Storage", f"/subscriptions/{SUB}/resourceGroups/rg-kenko/providers/"
                            f"Microsoft.Storage/storageAccounts/st{n % 2}", f"0.{n:02d}0000001"))):
            rows.append({"date": d, "category": cat, "resource_id": rid, "cost": cost,
                         "metric": metric, "i": i})
    return rows


def ea_csv(rows, with_header=True):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    if with_header:
        w.writerow(EA_HEADER)
    for r in rows:
        d = r["date"]
        rec = dict.fromkeys(EA_HEADER, "")
        vm = r["category"] == "Virtual Machines"
        month_end = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        rec.update({
            "BillingAccountId": "8611537", "BillingAccountName": "Osaka City",
            "BillingPeriodStartDate": d.replace(day=1).strftime("%m/%d/%Y"),
            "BillingPeriodEndDate": month_end.strftime("%m/%d/%Y"),
            "BillingProfileId": "8611537", "BillingProfileName": "Osaka City",
            "AccountName": "kenko", "SubscriptionId": SUB, "SubscriptionName": "健康局",
            "Date": d.strftime("%m/%d/%Y"),
            "Product": "Virtual Machines Dv5 Series - D2s v5 - JA East" if vm else "Standard SSD",
            "MeterId": "f31064a2-ed95-4e11-8b69-270f2fc4fbdd", "ServiceFamily": "Compute" if vm else "Storage",
            "MeterCategory": r["category"], "MeterSubCategory": "Dsv5 Series" if vm else "Tiered Block Blob",
            "MeterRegion": "JA East", "MeterName": "D2s v5" if vm else "Data Stored",
            "Quantity": "24", "EffectivePrice": "4.2", "Cost": r["cost"], "UnitPrice": "4.2",
            "BillingCurrency": "JPY", "ResourceLocation": "japaneast",
            "ConsumedService": "Microsoft.Compute" if vm else "Microsoft.Storage",
            "ResourceId": r["resource_id"], "ResourceName": r["resource_id"].rsplit("/", 1)[1],
            "AdditionalInfo": '{"ServiceType":"Standard_D2s_v5","VCPUs":2}' if vm else "",
            "Tags": '"department": "健康局"', "UnitOfMeasure": "1 Hour" if vm else "1 GB/Month",
            "ResourceGroup": "rg-kenko", "OfferId": "MS-AZR-0017P", "IsAzureCreditEligible": "True",
            "PublisherName": "Microsoft", "ChargeType": "Usage", "Frequency": "UsageBased",
            "PublisherType": "Azure", "PayGPrice": "4.2", "PricingModel": "OnDemand",
        })
        w.writerow([rec[k] for k in EA_HEADER])
    return out.getvalue().encode("utf-8")


def price_items(currency):
    items = []
    for region in ("japaneast", "japanwest"):
        for sku, payg in (("Standard_D2s_v5", 19.6), ("Standard_D4s_v5", 39.2), ("Standard_E4s_v5", 51.8)):
            name = sku.split("_")[1] + " " + sku.split("_")[2]
            base = {"currencyCode": currency, "tierMinimumUnits": 0.0, "armRegionName": region,
                    "location": "JA East" if region == "japaneast" else "JA West",
                    "effectiveStartDate": "2024-01-01T00:00:00Z", "meterId": f"m-{sku}-{region}",
                    "meterName": name, "productId": "DZH318Z0BQ4L",
                    "skuId": "DZH318Z0BQ4L/00" + sku[-6:], "productName": "Virtual Machines Dsv5 Series",
                    "skuName": name, "serviceName": "Virtual Machines", "serviceId": "DZH313Z7MMC8",
                    "serviceFamily": "Compute", "unitOfMeasure": "1 Hour", "isPrimaryMeterRegion": True,
                    "armSkuName": sku}
            items.append(dict(base, retailPrice=payg, unitPrice=payg, type="Consumption",
                              savingsPlan=[{"unitPrice": round(payg * 0.8, 4), "retailPrice": round(payg * 0.8, 4), "term": "1 Year"},
                                           {"unitPrice": round(payg * 0.6, 4), "retailPrice": round(payg * 0.6, 4), "term": "3 Years"}]))
            items.append(dict(base, retailPrice=round(payg * 8760 * 0.62, 2), unitPrice=round(payg * 8760 * 0.62, 2),
                              type="Reservation", reservationTerm="1 Year"))
    return items


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-azure/1"

    def log_message(self, fmt, *args):  # quiet unless asked
        if os.environ.get("FAKE_AZURE_VERBOSE"):
            sys.stderr.write("fake_azure: " + fmt % args + "\n")

    @property
    def st(self):
        return self.server.state

    def base(self):
        scheme = "https" if self.server.tls else "http"
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        return f"{scheme}://{host}"

    def send(self, code, body=b"", ctype="application/json", headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_dropped(self, body):
        """Promise the whole body, send half of it, and hang up."""
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True
        try:
            import socket
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def throttle_faults(self):
        """Shared transient faults for ARM calls. Returns True when one was served."""
        hdr = {
            "429-qpu": "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after",
            "429-entity": "x-ms-ratelimit-microsoft.costmanagement-entity-retry-after",
            "429-tenant": "x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after",
            "429-clienttype": "x-ms-ratelimit-microsoft.costmanagement-clienttype-retry-after",
            "429-consumption": "x-ms-ratelimit-microsoft.consumption-retry-after",
            "429-retry-after": "Retry-After",
        }
        for fault, name in hdr.items():
            if self.st.take(fault):
                # 7 seconds: the test caps sleeps, and checks the 7 in the log
                self.send(429, {"error": {"code": "TooManyRequests", "message": "throttled"}},
                          headers={name: "7"})
                return True
        if self.st.take("429-date"):
            when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 9))
            self.send(429, {"error": {"code": "TooManyRequests", "message": "throttled"}},
                      headers={"Retry-After": when})
            return True
        if self.st.take("500"):
            self.send(500, {"error": {"code": "InternalServerError", "message": "boom"}})
            return True
        if self.st.take("503"):
            self.send(503, {"error": {"code": "ServiceUnavailable", "message": "later"}})
            return True
        if self.st.take("slow"):
            time.sleep(3)
        return False

    def authorized(self):
        auth = self.headers.get("Authorization", "")
        tok = auth[7:] if auth.startswith("Bearer ") else None
        with self.st.lock:
            ok = tok in self.st.valid_tokens
        if ok and self.st.take("expire-token"):
            with self.st.lock:
                self.st.valid_tokens.discard(tok)
            ok = False
        if not ok:
            self.st.bump("unauthorized")
            self.send(401, {"error": {"code": "ExpiredAuthenticationToken",
                                      "message": "the access token expiry time has passed"}})
        return ok

    # ---- dispatch ----

    def do_GET(self):
        self.st.bump("requests")
        if self.path.startswith("http://"):
            self.st.bump("proxied")  # an absolute URI: we were used as a proxy
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        p = u.path
        if p == "/msi/token":
            return self.imds(q)
        if p == "/api/retail/prices":
            return self.prices(q, u.query)
        if p.startswith("/blob/"):
            return self.blob(p, q)
        if p.startswith("/op/"):
            if not self.authorized():
                return
            return self.poll(p)
        if p.endswith("/providers/Microsoft.Insights/metrics"):
            if not self.authorized() or self.throttle_faults():
                return
            return self.metrics(p, q)
        if p.endswith("/providers/Microsoft.Compute/virtualMachines"):
            if not self.authorized():
                return
            return self.vmlist(p, q)
        self.send(404, {"error": {"code": "NotFound", "message": p}})

    def do_POST(self):
        self.st.bump("requests")
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        body = self.read_body()
        p = u.path
        if p.endswith("/oauth2/v2.0/token"):
            return self.token(body)
        if p.endswith("/providers/Microsoft.CostManagement/generateCostDetailsReport"):
            if not self.authorized() or self.throttle_faults():
                return
            return self.details_post(body)
        if p.endswith("/providers/Microsoft.CostManagement/query"):
            if not self.authorized() or self.throttle_faults():
                return
            return self.query(p, q, body)
        self.send(404, {"error": {"code": "NotFound", "message": p}})

    # ---- auth ----

    def issue(self, prefix):
        with self.st.lock:
            self.st.token_seq += 1
            tok = f"{prefix}-{self.st.token_seq}"
            self.st.valid_tokens.add(tok)
        return tok

    def token(self, body):
        self.st.bump("token")
        form = urllib.parse.parse_qs(body.decode())
        if form.get("grant_type") != ["client_credentials"] or form.get("client_secret") != [SECRET] \
                or not form.get("client_id") or not form.get("scope", [""])[0].endswith("/.default"):
            return self.send(401, {"error": "invalid_client",
                                   "error_description": "AADSTS7000215: Invalid client secret provided."})
        self.send(200, {"token_type": "Bearer", "expires_in": 3599, "access_token": self.issue("tok")})

    def imds(self, q):
        self.st.bump("imds")
        if self.headers.get("Metadata") != "true" or "resource" not in q:
            return self.send(400, {"error": "invalid_request", "error_description": "Metadata header"})
        self.send(200, {"access_token": self.issue("msi"), "expires_in": "3599", "token_type": "Bearer"})

    # ---- cost details ----

    def details_post(self, body):
        self.st.bump("details_post")
        req = json.loads(body)
        tp = req["timePeriod"]
        self.st.bump("details_windows", f'{req["metric"]}:{tp["start"]}..{tp["end"]}')
        with self.st.lock:
            op = str(len(self.st.ops) + 1)
            self.st.ops[op] = {"polls": 0, "start": tp["start"], "end": tp["end"], "metric": req["metric"]}
        self.send(202, b"", headers={"Location": f"{self.base()}/op/{op}?api-version=2022-05-01",
                                     "Retry-After": "1"})

    def poll(self, p):
        self.st.bump("poll")
        op_id = p.split("/")[2]
        with self.st.lock:
            op = self.st.ops.get(op_id)
            if op:
                op["polls"] += 1
        if not op:
            return self.send(404, {"error": {"code": "NotFound", "message": "no such operation"}})
        if op["polls"] < 2:
            return self.send(202, {"status": "InProgress"}, headers={"Retry-After": "1"})
        if self.st.has("report-failed") or (self.st.has("fail-second-op") and int(op_id) >= 2):
            return self.send(200, {"status": "Failed", "error": {"code": "ReportFailed", "message": "internal"}})
        if self.st.has("no-data"):
            return self.send(200, {"status": "NoDataFound"})
        days = list(day_range(op["start"], op["end"]))
        nblobs = 2 if len(days) >= 2 else 1
        blobs = []
        for i in range(nblobs):
            data = self.blob_bytes(op_id, i, nblobs)
            blobs.append({"blobLink": f"{self.base()}/blob/{op_id}/{i}?sv=2020&sig=SAS-SIGNATURE-SECRET",
                          "byteCount": len(data)})
        self.send(200, {"id": f"/providers/Microsoft.CostManagement/costDetailsOperationResults/{op_id}",
                        "name": op_id, "status": "Completed",
                        "manifest": {"manifestVersion": "2022-05-01", "dataFormat": "Csv",
                                     "blobCount": nblobs, "byteCount": 0, "compressData": False,
                                     "blobs": blobs},
                        "validTill": "2099-01-01T00:00:00Z"})

    def blob_bytes(self, op_id, i, nblobs):
        op = self.st.ops[op_id]
        rows = cost_rows(op["start"], op["end"], op["metric"])
        half = (len(rows) + 1) // 2
        part = rows[:half] if i == 0 else rows[half:]
        return ea_csv(part)

    def blob(self, p, q):
        self.st.bump("blob")
        if self.headers.get("Authorization"):
            self.st.bump("blob_with_auth")
            return self.send(400, {"error": "AuthenticationFailed: bearer sent to a SAS URL"})
        if q.get("sig") != ["SAS-SIGNATURE-SECRET"]:
            return self.send(403, "AuthenticationFailed", "text/plain")
        _, _, op_id, idx = p.split("/")
        with self.st.lock:
            ok = op_id in self.st.ops
        if not ok:
            return self.send(404, "BlobNotFound", "text/plain")
        data = self.blob_bytes(op_id, int(idx), 2)
        if self.st.take("drop-blob"):
            return self.send_dropped(data)
        if self.st.has("truncated-blob"):  # a short body without Content-Length trouble
            data = data[: len(data) // 2]
        self.send(200, data, "text/csv")

    # ---- query ----

    def query(self, p, q, body):
        self.st.bump("query")
        req = json.loads(body)
        key = p
        skip = int(q.get("$skiptoken", ["0"])[0])
        with self.st.lock:
            if skip == 0:
                self.st.query_bodies[key] = body
            elif self.st.query_bodies.get(key) != body:
                self.st.stats["query_body_mismatch"] += 1
        tp = req["timePeriod"]
        start, end = tp["from"][:10], tp["to"][:10]
        rows = cost_rows(start, end, req["type"])
        page = 10
        chunk = rows[skip: skip + page]
        data = {"id": "x", "name": "x", "type": "microsoft.costmanagement/Query", "properties": {
            "nextLink": None,
            "columns": [{"name": "Cost", "type": "Number"}, {"name": "UsageDate", "type": "Number"},
                        {"name": "ResourceId", "type": "String"},
                        {"name": "MeterCategory", "type": "String"}, {"name": "Currency", "type": "String"}],
            "rows": [[float(r["cost"]), int(r["date"].strftime("%Y%m%d")), r["resource_id"].lower(),
                      r["category"], "JPY"] for r in chunk]}}
        if skip + page < len(rows):
            data["properties"]["nextLink"] = (f"{self.base()}{p}?api-version=2021-10-01"
                                              f"&$skiptoken={skip + page}")
        out = json.dumps(data).encode()
        if skip > 0 and self.st.has("truncated-json"):
            out = out[: len(out) // 2]
        if skip > 0 and self.st.take("drop-page"):
            return self.send_dropped(out)
        self.send(200, out)

    # ---- prices ----

    def prices(self, q, raw):
        self.st.bump("prices")
        flt = q.get("$filter", [""])[0]
        self.st.bump("prices_filters", flt)
        if self.throttle_faults():
            return
        cur = q.get("currencyCode", ["'USD'"])[0].strip("'")
        items = price_items(cur)
        if "armRegionName eq 'japanwest'" not in flt:
            items = [i for i in items if i["armRegionName"] != "japanwest"]
        skip = int(q.get("$skip", ["0"])[0])
        page = 5
        chunk = items[skip: skip + page]
        nxt = None
        if skip + page < len(items):
            params = {k: v[0] for k, v in q.items() if k != "$skip"}
            params["$skip"] = str(skip + page)
            nxt = f"{self.base()}/api/retail/prices?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
        out = json.dumps({"BillingCurrency": cur, "CustomerEntityId": "Default",
                          "CustomerEntityType": "Retail", "Items": chunk, "NextPageLink": nxt,
                          "Count": len(chunk)}).encode()
        if skip > 0 and self.st.has("malformed-prices"):
            out = out[:-20] + b"}}garbage"
        if skip > 0 and self.st.take("drop-page"):
            return self.send_dropped(out)
        self.send(200, out)

    # ---- metrics ----

    def metrics(self, p, q):
        self.st.bump("metrics")
        self.st.bump("metrics_queries", urllib.parse.urlsplit(self.path).query)
        rid = p[: -len("/providers/Microsoft.Insights/metrics")]
        if rid.lower().endswith("/vm-missing"):
            return self.send(404, {"error": {"code": "ResourceNotFound", "message": "no such vm"}})
        names = q.get("metricnames", [""])[0].split(",")
        span = q.get("timespan", [""])[0]
        start = dt.datetime.strptime(span.split("/")[0], "%Y-%m-%dT%H:%M:%SZ")
        hours = 24  # keep responses small: the first day of the span
        value = []
        for name in names:
            data = []
            for h in range(hours):
                t = start + dt.timedelta(hours=h)
                base = {"Percentage CPU": 10.0 + h, "Available Memory Bytes": 4.0e9 - h * 1e6,
                        "Network In Total": 1.0e6 * h, "Network Out Total": 2.0e6 * h}.get(name, 1.0)
                data.append({"timeStamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "average": base,
                             "maximum": base * 1.5})
            value.append({"id": f"{rid}/providers/Microsoft.Insights/metrics/{name}",
                          "type": "Microsoft.Insights/metrics",
                          "name": {"value": name, "localizedValue": name},
                          "unit": "Percent" if name == "Percentage CPU" else "Bytes",
                          "timeseries": [{"metadatavalues": [], "data": data}], "errorCode": "Success"})
        out = {"cost": 0, "timespan": span, "interval": "PT1H", "value": value,
               "namespace": "Microsoft.Compute/virtualMachines", "resourceregion": "japaneast"}
        self.send(200, out)

    def vmlist(self, p, q):
        self.st.bump("vmlist")
        self.send(200, {"value": [{"id": v, "name": v.rsplit("/", 1)[1], "location": "japaneast"}
                                  for v in VMS], "nextLink": None})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--stats")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--fault", action="append", default=[])
    ap.add_argument("--lifetime", type=float, default=300)
    a = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.state = State(parse_faults(a.fault), a.stats)
    srv.tls = bool(a.tls)
    if a.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.state.bump("requests")  # writes the stats file once
    with open(a.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.replace(a.port_file + ".tmp", a.port_file)
    threading.Timer(a.lifetime, lambda: os._exit(0)).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
