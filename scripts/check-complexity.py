#!/usr/bin/env python3
"""check-complexity.py - hold every C function at a cognitive complexity of
at most 40 (clang-tidy readability-function-cognitive-complexity), except
the ones listed in scripts/complexity-allow.txt, and let that list only
shrink. Modelled on curl's scripts/top-complexity.

  scripts/check-complexity.py [-p BUILD] [-j JOBS] [--allow FILE] [--shrink]

BUILD holds compile_commands.json (cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON);
every git-tracked .c file in it is analysed, JOBS clang-tidy processes at a
time (default: the number of CPUs); tests/layers/ (the layer probes, one
of which must not compile) is skipped. Fails (exit 1) when a function that is
not listed scores above 40, or a listed one scores more than its listed
score. A listed function that now scores less, or 40 and below, is reported
so the list can be lowered; --shrink rewrites the list that way (it never
adds or raises an entry). Exit 2 on a usage or tool error.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys

THRESHOLD = 40
CHECK = "readability-function-cognitive-complexity"
WARNING = re.compile(r"^(?P<file>[^:]+):\d+:\d+: warning: function '(?P<func>[^']+)' has "
                     r"cognitive complexity of (?P<score>\d+) \(threshold \d+\) \[" + CHECK + r"\]")
# the layer probes: probe_private.c must not compile (tests/cli/test_store_private.sh)
SKIP = ("tests/layers/",)
SRC = os.path.realpath(os.path.join(os.path.dirname(__file__), ".."))


def tracked_sources(build):
    db = os.path.join(build, "compile_commands.json")
    try:
        with open(db, encoding="utf-8") as f:
            entries = json.load(f)
    except OSError as e:
        sys.exit(f"check-complexity: {db}: {e.strerror} (configure with "
                 "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)")
    tracked = set(subprocess.run(["git", "-C", SRC, "ls-files", "*.c"], check=True,
                                 capture_output=True, text=True).stdout.split())
    files = set()
    for e in entries:
        path = os.path.realpath(os.path.join(e.get("directory", ""), e["file"]))
        rel = os.path.relpath(path, SRC)
        if rel in tracked and not rel.startswith(SKIP):
            files.add(rel)
    return sorted(files)


def tidy(tool, build, rel):
    config = ("{Checks: '-*,%s', CheckOptions: [{key: %s.Threshold, value: %d}, "
              "{key: %s.DescribeBasicIncrements, value: false}]}" % (CHECK, CHECK, THRESHOLD, CHECK))
    r = subprocess.run([tool, "-p", build, "--quiet", "--config=" + config, rel], cwd=SRC,
                       capture_output=True, text=True)
    found = {}
    for line in r.stdout.splitlines():
        m = WARNING.match(line)
        if m:
            f = os.path.relpath(os.path.realpath(os.path.join(SRC, m["file"])), SRC)
            found[(f, m["func"])] = int(m["score"])
    if r.returncode != 0 and not found:
        sys.stderr.write(r.stdout + r.stderr)
        raise RuntimeError(f"{tool} failed on {rel} (exit {r.returncode})")
    return found


def read_allow(path):
    allow = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 3 or not parts[2].isdigit():
                sys.exit(f"check-complexity: {path}:{n}: expected 'FILE FUNCTION SCORE'")
            allow[(parts[0], parts[1])] = int(parts[2])
    return allow


def write_allow(path, allow):
    with open(path, encoding="utf-8") as f:
        head = [line for line in f if line.startswith("#")]
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(head)
        for (file, func), score in sorted(allow.items()):
            f.write(f"{file} {func} {score}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-p", dest="build", default="build")
    ap.add_argument("-j", dest="jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--allow", default=os.path.join(SRC, "scripts", "complexity-allow.txt"))
    ap.add_argument("--tool", default=os.environ.get("CLANG_TIDY", "clang-tidy-14"))
    ap.add_argument("--shrink", action="store_true", help="lower or drop entries that improved")
    a = ap.parse_args()
    build = os.path.realpath(a.build)
    files = tracked_sources(build)
    allow = read_allow(a.allow)
    found = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        try:
            for part in pool.map(lambda rel: tidy(a.tool, build, rel), files):
                found.update(part)
        except (RuntimeError, OSError) as e:
            print(f"check-complexity: {e}", file=sys.stderr)
            return 2
    shown = os.path.realpath(a.allow)
    shown = os.path.relpath(shown, SRC) if shown.startswith(SRC + os.sep) else a.allow
    bad = 0
    for key, score in sorted(found.items()):
        listed = allow.get(key)
        if listed is None:
            print(f"{key[0]}: {key[1]}: cognitive complexity {score} > {THRESHOLD}: split it "
                  f"(new functions may not be added to {shown})")
            bad += 1
        elif score > listed:
            print(f"{key[0]}: {key[1]}: cognitive complexity grew from {listed} to {score}")
            bad += 1
    shrunk = dict(allow)
    for key, listed in sorted(allow.items()):
        score = found.get(key)
        if score is None:
            print(f"{key[0]}: {key[1]}: now at most {THRESHOLD} (was {listed}): remove it from the list")
            del shrunk[key]
        elif score < listed:
            print(f"{key[0]}: {key[1]}: down from {listed} to {score}: lower it in the list")
            shrunk[key] = score
    if a.shrink and shrunk != allow:
        write_allow(a.allow, shrunk)
        print(f"check-complexity: {shown} lowered")
    over = len(found)
    print(f"check-complexity: {len(files)} files, {over} functions above {THRESHOLD} "
          f"({len(allow)} listed), {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
