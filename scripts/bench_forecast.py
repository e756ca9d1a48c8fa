#!/usr/bin/env python3
"""bench_forecast.py - score yosan's forecasts (and R forecast's, and the
published M3 submissions) on M3 monthly, tourism monthly and M4 hourly
with one metric code: sMAPE (M3 definition, 0-200), MASE (seasonal-naive
in-sample scaling, m=12; m=24 on M4 hourly as in the M4 competition),
80%/95% interval coverage, MSIS (95%), CPU seconds.

Usage: bench_forecast.py YOSAN DATA_DIR OUT_DIR
Environment:
  BENCH_MODELS   yosan models to run (default auto,ets,theta,reg,snaive,ensemble)
  BENCH_R        R methods on M3: comma list of ets,theta,arima or 'none'
                 (default ets,theta; arima takes ~1 h on M3 with 2 cores)
  BENCH_R_TOURISM  R methods on tourism (default theta: ets there takes
                 30-60 min on 2 cores)
  BENCH_R_HOURLY R methods on M4 hourly: comma list of stlf,tbats,snaive
                 or 'none' (default stlf,snaive; tbats takes hours: over 2 x 77 CPU min)
  BENCH_MODELS_HOURLY yosan models on M4 hourly (default auto,mstl,snaive)
  BENCH_SETS     m3,tourism,m4h (default all three)
  BENCH_SUBSET   only the first N series of each set (default all)
  BENCH_EVERY    only every K-th series (K=6: 238 of M3's 1428), for a
                 like-for-like R ets() run on a busy machine
  BENCH_JOBS     cores for yosan and R (default 2)
Standard library only.
"""
import csv, math, os, resource, subprocess, sys, time
from collections import defaultdict



def read_long(path, subset=None, every=1):
    s = defaultdict(dict)
    order = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            sid = r["series_id"]
            if sid not in s:
                order.append(sid)
            s[sid][int(r["period_index"])] = float(r["value"])
    if every > 1:
        order = order[::every]
    if subset:
        order = order[:subset]
    return {k: [s[k][i] for i in sorted(s[k])] for k in order}, order


def write_long(path, series, order):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series_id", "period_index", "value"])
        for k in order:
            for i, v in enumerate(series[k], 1):
                w.writerow([k, i, repr(v)])


def read_fc(path):
    fc = defaultdict(dict)
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            h = int(r["h"])
            g = lambda c: float(r[c]) if c in r and r[c] not in ("", "NA") else float("nan")
            fc[r["series_id"]][h] = (g("mean"), g("lo80"), g("hi80"), g("lo95"), g("hi95"))
    return fc


def score(fc, train, test, order, M=12):
    """Returns dict of metrics (nan where intervals are absent); M is the
    seasonal period of the MASE scaling."""
    sm_sum = sm_n = 0.0
    mases = []
    c80 = c95 = ni = 0
    msis = []
    failed = 0
    for k in order:
        y = train[k]
        a = test[k]
        f = fc.get(k)
        if not f or len(f) < len(a):
            failed += 1
            continue
        n = len(y)
        mm = M if n > M else 1
        scale = sum(abs(y[t] - y[t - mm]) for t in range(mm, n)) / max(1, n - mm)
        if scale == 0:
            scale = float("nan")
        ae = 0.0
        isc = 0.0
        for h, yt in enumerate(a, 1):
            mean, lo80, hi80, lo95, hi95 = f[h]
            d = abs(yt) + abs(mean)
            sm_sum += 200 * abs(yt - mean) / d if d > 0 else 0
            sm_n += 1
            ae += abs(yt - mean)
            if not math.isnan(lo95):
                ni += 1
                c80 += lo80 <= yt <= hi80
                c95 += lo95 <= yt <= hi95
                isc += (hi95 - lo95) + 40 * (lo95 - yt) * (yt < lo95) + 40 * (yt - hi95) * (yt > hi95)
        if not math.isnan(scale):
            mases.append(ae / len(a) / scale)
            if ni:
                msis.append(isc / len(a) / scale)
    mases.sort()
    med = mases[len(mases) // 2] if mases else float("nan")
    return {
        "n": len(order) - failed, "failed": failed,
        "smape": sm_sum / sm_n if sm_n else float("nan"),
        "mase": sum(mases) / len(mases) if mases else float("nan"),
        "mase_med": med,
        "cov80": c80 / ni if ni else float("nan"),
        "cov95": c95 / ni if ni else float("nan"),
        "msis": sum(msis) / len(msis) if msis else float("nan"),
    }


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


R_SCRIPT = r"""
suppressMessages(library(forecast))
args <- commandArgs(TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
h <- as.integer(args[2]); method <- args[3]; out <- args[4]; cores <- as.integer(args[5])
ids <- unique(d$series_id)
one <- function(id) {
  y <- ts(d$value[d$series_id == id], frequency = as.integer(args[6]))
  t0 <- proc.time()
  f <- tryCatch({
    if (method == "ets") forecast(ets(y), h = h, level = c(80, 95))
    else if (method == "theta") thetaf(y, h = h, level = c(80, 95))
    else if (method == "stlf") stlf(y, h = h, level = c(80, 95))
    else if (method == "snaive") snaive(y, h = h, level = c(80, 95))
    else if (method == "tbats") forecast(tbats(msts(y, seasonal.periods = c(24, 168)),
                                               use.parallel = FALSE), h = h, level = c(80, 95))
    else forecast(auto.arima(y), h = h, level = c(80, 95))
  }, error = function(e) snaive(y, h = h, level = c(80, 95)))
  t1 <- proc.time() - t0
  list(df = data.frame(series_id = id, h = 1:h, mean = as.numeric(f$mean),
       lo80 = as.numeric(f$lower[, 1]), hi80 = as.numeric(f$upper[, 1]),
       lo95 = as.numeric(f$lower[, 2]), hi95 = as.numeric(f$upper[, 2])),
       cpu = t1[["user.self"]] + t1[["sys.self"]])
}
res <- parallel::mclapply(ids, one, mc.cores = cores)
write.csv(do.call(rbind, lapply(res, `[[`, "df")), out, row.names = FALSE)
cat(sum(sapply(res, `[[`, "cpu")), "\n", file = paste0(out, ".cpu"))
"""


def main():
    yosan, data, outdir = sys.argv[1:4]
    os.makedirs(outdir, exist_ok=True)
    models = os.environ.get("BENCH_MODELS", "auto,ets,theta,reg,snaive,ensemble").split(",")
    def methods(var, default):
        v = os.environ.get(var, default)
        return [] if v in ("", "none") else v.split(",")
    rmeth_m3 = methods("BENCH_R", "ets,theta")
    rmeth_tour = methods("BENCH_R_TOURISM", "none" if os.environ.get("BENCH_R") == "none" else "theta")
    rmeth_hourly = methods("BENCH_R_HOURLY", "none" if os.environ.get("BENCH_R") == "none" else "stlf,snaive")
    models_hourly = os.environ.get("BENCH_MODELS_HOURLY", "auto,mstl,snaive").split(",")
    sets = os.environ.get("BENCH_SETS", "m3,tourism,m4h").split(",")
    subset = int(os.environ.get("BENCH_SUBSET", "0")) or None
    every = int(os.environ.get("BENCH_EVERY", "1"))
    jobs = os.environ.get("BENCH_JOBS", "2")
    have_r = subprocess.call(["sh", "-c", "command -v Rscript >/dev/null"]) == 0
    rfile = os.path.join(outdir, "bench.R")
    with open(rfile, "w") as f:
        f.write(R_SCRIPT)
    rows = []
    for name, stem, h, m in (("m3", "m3_monthly", 18, 12), ("tourism", "tourism_monthly", 24, 12),
                             ("m4h", "m4_hourly", 48, 24)):
        if name not in sets:
            continue
        train, order = read_long(os.path.join(data, stem + "_train.csv"), subset, every)
        test, _ = read_long(os.path.join(data, stem + "_test.csv"))
        inp = os.path.join(outdir, stem + "_train.csv")
        write_long(inp, train, order)
        label = "%s (%d series, h=%d)" % (stem, len(order), h)
        for mdl in (models_hourly if name == "m4h" else models):
            out = os.path.join(outdir, "%s_yosan_%s.csv" % (stem, mdl))
            c0, w0 = child_cpu(), time.time()
            with open(out, "w") as fo:
                subprocess.check_call([yosan, "-q", "forecast", "--input", inp, "--horizon", str(h),
                                       "--season", str(m), "--model", mdl, "--jobs", jobs], stdout=fo)
            cpu, wall = child_cpu() - c0, time.time() - w0
            rows.append((label, "yosan " + mdl, score(read_fc(out), train, test, order, m), cpu, wall))
            print_row(rows[-1])
        for rm in {"m3": rmeth_m3, "tourism": rmeth_tour, "m4h": rmeth_hourly}[name]:
            if not have_r:
                print("R not installed: skipping R " + rm, file=sys.stderr)
                break
            out = os.path.join(outdir, "%s_R_%s.csv" % (stem, rm))
            w0 = time.time()
            subprocess.check_call(["Rscript", rfile, inp, str(h), rm, out, jobs, str(m)])
            wall = time.time() - w0
            with open(out + ".cpu") as fcpu:
                cpu = float(fcpu.read().split()[0])
            rname = {"ets": "R ets()", "theta": "R thetaf()", "arima": "R auto.arima()",
                     "stlf": "R stlf()", "tbats": "R tbats(24,168)", "snaive": "R snaive()"}[rm]
            rows.append((label, rname, score(read_fc(out), train, test, order, m), cpu, wall))
            print_row(rows[-1])
        pub = os.path.join(data, stem + "_published_fc.csv")
        if os.path.exists(pub):
            by = defaultdict(lambda: defaultdict(dict))
            with open(pub, newline="") as f:
                for r in csv.DictReader(f):
                    v = float(r["value"])
                    nan = float("nan")
                    by[r["method"]][r["series_id"]][int(r["h"])] = (v, nan, nan, nan, nan)
            for meth in ("THETA", "ForecastPro", "NAIVE2"):
                if meth in by:
                    rows.append((label, "published " + meth, score(by[meth], train, test, order, m), float("nan"), float("nan")))
                    print_row(rows[-1])
    print()
    print("| set | method | n | failed | sMAPE | MASE | MASE median | cov80 | cov95 | MSIS | CPU s | wall s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(fmt_row(r))


def fmt_row(r):
    label, meth, s, cpu, wall = r
    f = lambda v, p=3: "-" if v != v else ("%.*f" % (p, v))
    return "| %s | %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        label, meth, s["n"], s["failed"], f(s["smape"]), f(s["mase"]), f(s["mase_med"]),
        f(s["cov80"]), f(s["cov95"]), f(s["msis"]), f(cpu, 2), f(wall, 1))


def print_row(r):
    print(fmt_row(r), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
