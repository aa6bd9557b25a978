#!/usr/bin/env bash
# Start time: from the start of the process until GET /actuator/health/readiness answers 200, over
# several cold starts, each with a fresh data folder (the README's first start: secrets generated,
# migrations applied, bootstrap admin created).
#
#   bench/startup.sh                             5 starts of ./llm-proxy (the README's command)
#   bench/startup.sh --jar OLD.jar               5 starts of: java $JAVA_OPTS -jar OLD.jar
#   bench/startup.sh --runs 7 -- CMD ARGS...       any command; the proxy's settings are appended
#   bench/startup.sh --help                      all options
#
# Prints each start's time to readiness, the CPU time (user + system) the process used until then,
# Spring's own "Started ... in" figure, the RSS once ready, then the median. On a busy machine the
# CPU time moves much less than the wall-clock time: compare changes by it when the load is high.
# The command must run the JVM in its own process id (java, or a script that execs java) for the
# RSS and CPU time to be the JVM's. Readiness is polled every 50 ms, so a figure is at most
# ~50 ms (plus curl's own start) late. The machine's load average is printed before and after: on
# a shared machine, numbers taken under load are not comparable; run again later.
#
# Prerequisites: Linux (RSS from /proc), bash 4+, curl, a JDK 17+.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RUNS=5
JAR=
KEEP=0

usage() {
  cat <<EOF
usage: bench/startup.sh [options] [-- COMMAND [ARGS...]]

  --runs N      starts to measure (default $RUNS)
  --jar JAR     measure "java \$JAVA_OPTS -jar JAR" (JAVA_OPTS from the environment, default none)
  --keep        keep the temporary data folders and logs
  -h, --help    this text

Without --jar and without a COMMAND: ./llm-proxy from the repository root. The proxy's settings
(port, data folder, admin password) are appended to the command as --name=value arguments.
EOF
}

COMMAND=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; COMMAND=("$@"); break ;;
    *) usage >&2; exit 2 ;;
  esac
done
if [[ -n $JAR ]]; then
  # shellcheck disable=SC2206
  COMMAND=(java ${JAVA_OPTS:-} -jar "$JAR")
elif [[ ${#COMMAND[@]} -eq 0 ]]; then
  COMMAND=("$ROOT/llm-proxy")
fi

# a range of its own: other benchmarks on a shared machine start from lib.sh's 18180
NEXT_PORT=${NEXT_PORT:-$((19000 + RANDOM % 900))}
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
command -v curl >/dev/null 2>&1 || die "curl not found"
command -v java >/dev/null 2>&1 || die "java not found: a JDK 17+ is needed"

load() { cut -d' ' -f1-3 /proc/loadavg; }
rss_mib() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }

log "command: ${COMMAND[*]}"
log "load average before: $(load) on $(nproc) CPUs"
READY=()
for run in $(seq 1 "$RUNS"); do
  take_port
  data="$WORK/data-$run"
  out="$WORK/proxy-$run.log"
  t0=$(date +%s%N)
  "${COMMAND[@]}" --server.port="$PORT" --llmproxy.data-dir="$data" \
    --llmproxy.admin-password="startup-bench-$run-secret" >"$out" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  while true; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/health/readiness" 2>/dev/null || true)
    [[ $code == 200 ]] && break
    kill -0 "$pid" 2>/dev/null || {
      tail -40 "$out" >&2
      die "start $run: the process exited"
    }
    (($(date +%s%N) - t0 < 120000000000)) || {
      tail -40 "$out" >&2
      die "start $run: not ready after 120 s"
    }
    sleep 0.05
  done
  ms=$((($(date +%s%N) - t0) / 1000000))
  cpu=$(cpu_ticks "$pid")
  READY+=("$ms")
  spring=$(sed -nE 's/.*Started LlmProxyApplication in ([0-9.]+) seconds.*/\1/p' "$out" | head -1)
  sleep 1 # let the start's last allocations settle before reading the RSS
  printf 'start %d: ready after %5d ms  CPU %5.1f s  (Spring: started in %s s)  RSS %s MiB\n' \
    "$run" "$ms" "$(awk -v t="$cpu" -v hz="$CLK_TCK" 'BEGIN {print t / hz}')" "${spring:-?}" \
    "$(rss_mib "$pid")"
  stop_process "$pid"
done
median=$(printf '%s\n' "${READY[@]}" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}')
printf 'median of %d starts: %d ms to readiness\n' "$RUNS" "$median"
log "load average after: $(load)"
