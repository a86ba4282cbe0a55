#!/usr/bin/env bash
# Start-up of the JVM image's command, side by side in one run: the bare --version and a no-op pass
# (4 AWS calls, against a moto server this starts), wall time and peak RSS (median of RUNS, the
# configurations interleaved run by run), for
#   jdk17 fast-jar      what Dockerfile.jvm ran before the AOT cache (JDK 17, Quarkus's fast-jar)
#   jdk25 aot-jar       the aot-jar packaging on JDK 25, without the cache
#   jdk25 aot-jar+cache the same with -XX:AOTCache (trained by scripts/train-aot-cache.sh), as the image runs
# Self-contained: builds both packagings into a temporary directory (offline Maven), trains the cache.
#   scripts/bench-startup.sh [RUNS]        (default 7; JAVA17 / JAVA25 override the JDKs)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
java17="${JAVA17:-$( (ls -d /usr/lib/jvm/java-17-openjdk-* || true) 2>/dev/null | head -1)/bin/java}"
java25="${JAVA25:-$( (ls -d /usr/lib/jvm/temurin-25-jdk* /opt/*jdk*25* || true) 2>/dev/null | head -1)/bin/java}"
for j in "${java17}" "${java25}"; do [ -x "${j}" ] || { echo "no JDK at ${j} (set JAVA17/JAVA25)" >&2; exit 2; }; done
work="$(mktemp -d)"
moto_pid=""
trap '[ -n "${moto_pid}" ] && kill "${moto_pid}" 2>/dev/null; rm -rf "${work}"' EXIT

echo "building fast-jar and aot-jar into ${work} ..." >&2
mvn -B -o -q package -DskipTests -Dnative-sources.skip=true -Dquarkus.package.output-directory="${work}/fast" >&2
mvn -B -o -q package -DskipTests -Dnative-sources.skip=true -Dquarkus.package.jar.type=aot-jar \
    -Dquarkus.package.output-directory="${work}/aot" >&2
fast="$(dirname "$(find "${work}/fast" -name quarkus-run.jar | head -1)")"
echo "training the AOT cache ..." >&2
scripts/train-aot-cache.sh "${java25}" "${work}/aot" >&2

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:${port}"
python3 -m moto.server -H 127.0.0.1 -p "${port}" >"${work}/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 100); do python3 -c "import urllib.request; urllib.request.urlopen('${endpoint}/moto-api/data.json', timeout=1)" 2>/dev/null && break; sleep 0.2; done
python3 scripts/seed-moto.py "${endpoint}" prod-db example.internal >/dev/null
export AWS_ENDPOINT_URL="${endpoint}" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AURORA_REFRESH_SOURCE_CLUSTER=prod-db AURORA_REFRESH_CLONE_PREFIX=dev \
       AURORA_REFRESH_HOSTED_ZONE=example.internal AURORA_REFRESH_RECORD=dev-db.example.internal \
       AURORA_REFRESH_PROBE_TCP=false
opts=(-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError)
"${java17}" "${opts[@]}" -jar "${fast}/quarkus-run.jar" run >/dev/null 2>&1   # the first pass: from here on, every run is a no-op

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
names=("jdk17 fast-jar" "jdk25 aot-jar" "jdk25 aot-jar+cache")
cmd() {   # cmd INDEX -> the command line of configuration INDEX
  case "$1" in
    0) echo "${java17} ${opts[*]} -jar ${fast}/quarkus-run.jar" ;;
    1) echo "${java25} ${opts[*]} -jar ${work}/aot/quarkus-run.jar" ;;
    2) echo "${java25} -XX:AOTCache=${work}/aot/app.aot ${opts[*]} -jar ${work}/aot/quarkus-run.jar" ;;
  esac
}
measure() {   # measure FILE COMMAND... : appends "seconds kilobytes", fails on a non-zero exit
  /usr/bin/time -f "%e %M" -o "${work}/t" "${@:2}" >/dev/null 2>"${work}/err" || { cat "${work}/err" >&2; exit 1; }
  cat "${work}/t" >>"$1"
}
for r in $(seq 1 "${runs}"); do
  for i in 0 1 2; do
    read -ra c <<<"$(cmd "${i}")"
    measure "${work}/version.${i}" "${c[@]}" --version
    measure "${work}/noop.${i}" "${c[@]}" run
  done
  echo "run ${r}/${runs} done" >&2
done
grep -i "aot" "${work}/err" >&2 || true   # the JVM says so when it cannot use the cache

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "${runs} runs, medians; load average (1/5/15 min) at the start: ${load_before}, at the end: $(cut -d' ' -f1-3 /proc/loadavg), on $(nproc) cores"
printf '%-22s %12s %12s %12s %12s %16s\n' configuration "version s" "version MB" "no-op s" "no-op MB" "no-op/version"
base=""
for i in 0 1 2; do
  vs=$(cut -d' ' -f1 "${work}/version.${i}" | median); vm=$(cut -d' ' -f2 "${work}/version.${i}" | median)
  ns=$(cut -d' ' -f1 "${work}/noop.${i}" | median); nm=$(cut -d' ' -f2 "${work}/noop.${i}" | median)
  printf '%-22s %12.2f %12.0f %12.2f %12.0f %16.2f\n' "${names[$i]}" "${vs}" "$(echo "${vm}/1024" | bc -l)" "${ns}" \
    "$(echo "${nm}/1024" | bc -l)" "$(echo "${ns}/${vs}" | bc -l)"
  eval "noop${i}=${ns}"
done
printf 'no-op pass with the cache / without it (jdk25 aot-jar): %.2f; / the JDK 17 fast-jar: %.2f\n' \
  "$(echo "${noop2}/${noop1}" | bc -l)" "$(echo "${noop2}/${noop0}" | bc -l)"
