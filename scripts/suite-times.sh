#!/usr/bin/env bash
# The test suite's wall time by phase, from the reports of the last `mvn -B verify` (or
# `bash scripts/test.sh`): target/surefire-reports and target/failsafe-reports, and the build's
# total from its Maven log if given. Prints a Markdown table for docs/development.md.
#   bash scripts/suite-times.sh [MAVEN_LOG] [TARGET_DIR]
# Phases: packaged jar = the failsafe tests (*IT, the jar as a child process); deploy = the
# deployment files' tests (package deploy, and MonitoringRulesTest for the alert rules); moto
# passes = the other surefire classes that start moto (they, or a test helper they use, call
# MotoAccount.fresh); unit = the rest. A class ran from its report's time stamp (written when it
# ended) back by its time, so a phase's wall time is the time some class of it was running, and
# "at once" is the most classes running together (surefire/failsafe forks). Copy reports with
# their time stamps (cp -p) to measure them elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "${1:-}" "${2:-target}" <<'EOF'
import glob, os, re, sys, xml.etree.ElementTree as ET

log, target = sys.argv[1], sys.argv[2]
tests_src = "src/test/java"
DEPLOY = re.compile(r"\.deploy\.|\.MonitoringRulesTest$")
STARTS_MOTO = re.compile(r"MotoAccount\.fresh\(|MotoServer\.get\(")

# Which test classes start moto: those that call it, or name a test helper that does (transitively).
sources = {}
for path in glob.glob(f"{tests_src}/**/*.java", recursive=True):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)  # no comments
    sources[os.path.splitext(os.path.basename(path))[0]] = text
moto = {c for c, t in sources.items() if STARTS_MOTO.search(t) and c not in ("MotoAccount", "MotoServer")}
while True:
    more = {c for c, t in sources.items() if c not in moto and any(re.search(rf"\b{h}\b", t) for h in moto)}
    if not more:
        break
    moto |= more

def phase(plugin, name):
    if plugin == "failsafe":
        return "packaged jar (failsafe, *IT)"
    if DEPLOY.search(name):
        return "deploy (surefire)"
    if name.rsplit(".", 1)[-1] in moto:
        return "moto passes (surefire)"
    return "unit (surefire)"

runs = []  # (plugin, phase, class, tests, start, end)
for plugin in ("surefire", "failsafe"):
    for report in glob.glob(f"{target}/{plugin}-reports/TEST-*.xml"):
        suite = ET.parse(report).getroot()
        name, seconds = suite.get("name"), float(suite.get("time") or 0)
        end = os.stat(report).st_mtime
        runs.append((plugin, phase(plugin, name), name, int(suite.get("tests") or 0), end - seconds, end))
if not runs:
    sys.exit(f"no reports in {target}/surefire-reports or {target}/failsafe-reports: run mvn -B verify first")

def wall(intervals):
    total, until = 0.0, None
    for start, end in sorted(intervals):
        if until is None or start > until:
            total += end - start
            until = end
        elif end > until:
            total += end - until
            until = end
    return total

def at_once(intervals):
    # a report is written a moment after its class ends: overlaps under a second are not "at once"
    iv = [(s + 1, e) for s, e in intervals if e - s > 1] or intervals[:1]
    events = sorted([(s, 1) for s, _ in iv] + [(e, -1) for _, e in iv])
    most = now = 0
    for _, step in events:
        now += step
        most = max(most, now)
    return most

def clock(seconds):
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"

def row(label, rs, slowest=True):
    iv = [(r[4], r[5]) for r in rs]
    top = sorted(rs, key=lambda r: r[4] - r[5])[:3]
    names = ", ".join(f"{r[2].rsplit('.', 1)[-1]} {r[5] - r[4]:.0f} s" for r in top) if slowest else ""
    print(f"| {label} | {len(rs)} | {sum(r[3] for r in rs)} | {clock(wall(iv))} | {sum(r[5] - r[4] for r in rs):.0f} s"
          f" | {at_once(iv)} | {names} |")

print("| Phase | Classes | Tests | Wall (m:ss) | Class time summed | At once | Slowest classes |")
print("|---|---|---|---|---|---|---|")
order = ["unit (surefire)", "moto passes (surefire)", "deploy (surefire)", "packaged jar (failsafe, *IT)"]
for p in order:
    rs = [r for r in runs if r[1] == p]
    if rs:
        row(p, rs)
for plugin in ("surefire", "failsafe"):
    rs = [r for r in runs if r[0] == plugin]
    if rs:
        row(f"all of {plugin}", rs, slowest=False)
sure = [r for r in runs if r[0] == "surefire"]
safe = [r for r in runs if r[0] == "failsafe"]
if sure and safe:
    gap = min(r[4] for r in safe) - max(r[5] for r in sure)
    print(f"| between them: `package` (jar, native sources) | | | {clock(gap)} | | | |")
if log:
    text = open(log, encoding="utf-8", errors="replace").read()
    total = re.findall(r"Total time:\s+([\d:.]+ \w+)", text)
    if total:
        print(f"| the whole build (Maven log) | | | {total[-1]} | | | |")
EOF
