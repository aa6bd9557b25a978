#!/usr/bin/env bash
# Memory and CPU of one proxy node at idle and under load, as the container limits in
# docker-compose.yml are sized from (figures in docs/operations.md, "Sizing").
#
#   bench/memory.sh [--no-build] [--limit 1g] [--seconds 30] [--connections 64]
#
# The proxy runs with the Dockerfile's JVM flags and -XX:MaxRAM=<limit>, which makes the JVM size
# itself as it would inside a container with that memory limit; the built-in mock provider answers,
# so the proxy's own cost is measured. PROXY_EXTRA_JVM_OPTS adds flags after the Dockerfile's (a
# later flag wins, e.g. -XX:MaxRAMPercentage=50 to compare heap sizes). Prerequisites: JDK 17+,
# wrk, curl.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
BUILD=1
LIMIT=1g
SECONDS_PER_RUN=30
CONNECTIONS=64
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --limit) LIMIT=$2; shift ;;
    --seconds) SECONDS_PER_RUN=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    -h | --help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }

# the runtime flags of the Dockerfile's JDK_JAVA_OPTIONS, read from it so the two cannot drift
JVM_FLAGS=$(sed -nE 's/^ENV JDK_JAVA_OPTIONS="([^"]*)".*/\1/p' "$REPO_DIR/Dockerfile")
[[ -n $JVM_FLAGS ]] || { echo "no JDK_JAVA_OPTIONS in the Dockerfile" >&2; exit 1; }

[[ $BUILD -eq 0 ]] || (cd "$REPO_DIR" && ./mvnw -B -q -DskipTests package)
WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
PW=memory-bench-password
PROXY_PID=""
cleanup() {
  [[ -z $PROXY_PID ]] || kill "$PROXY_PID" 2>/dev/null || true
  [[ -z $PROXY_PID ]] || wait "$PROXY_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck disable=SC2086
java $JVM_FLAGS -XX:MaxRAM="$LIMIT" ${PROXY_EXTRA_JVM_OPTS:-} -jar "$REPO_DIR/proxy-edge/target/llm-proxy.jar" \
  --server.port="$PORT" --llmproxy.data-dir="$WORK/data" --llmproxy.admin-password="$PW" \
  >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
BASE="http://127.0.0.1:$PORT"
for i in $(seq 1 120); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/actuator/health/readiness") == 200 ]] && break
  kill -0 "$PROXY_PID" 2>/dev/null || { tail -30 "$WORK/proxy.log"; exit 1; }
  sleep 0.5
done

field() { sed -nE "s/.*\"$1\":\"([^\"]*)\".*/\1/p"; }
TOKEN=$(curl -fsS "$BASE/admin/session" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PW\"}" | field token)
curl -fsS -o /dev/null -X PUT "$BASE/admin/models/bench" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"provider":"mock","model":"mock-1"}'
KEY=$(curl -fsS "$BASE/admin/keys" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"memory-bench","models":["bench"]}' | field key)

rss_mib() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$PROXY_PID/status"; }
hwm_mib() { awk '/^VmHWM/ {printf "%d", $2 / 1024}' "/proc/$PROXY_PID/status"; }
# heap and non-heap in use, from the proxy's own Prometheus figures
jvm_mib() {
  curl -fsS "$BASE/actuator/prometheus" |
    awk -v area="$1" '$0 ~ "^jvm_memory_used_bytes\\{area=\""area"\"" {s += $NF} END {printf "%d", s / 1048576}'
}
heap_max_mib() {
  curl -fsS "$BASE/actuator/prometheus" |
    awk '/^jvm_memory_max_bytes\{area="heap"/ {if ($NF > 0) s += $NF} END {printf "%d", s / 1048576}'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PROXY_PID/stat"; }
TICKS=$(getconf CLK_TCK)

sleep 15
echo "limit $LIMIT, JVM flags: $JVM_FLAGS"
echo "heap max: $(heap_max_mib) MiB"
echo "idle: RSS $(rss_mib) MiB, heap used $(jvm_mib heap) MiB, non-heap $(jvm_mib nonheap) MiB"

for mode in json sse; do
  peak_heap=0
  t0=$(cpu_ticks)
  BENCH_KEY=$KEY BENCH_MODEL=bench BENCH_STREAM=$([[ $mode == sse ]] && echo 1 || echo 0) \
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$BENCH_DIR/post.lua" \
    "$BASE/v1/chat/completions" >"$WORK/wrk-$mode.txt" 2>&1 &
  WRK=$!
  while kill -0 "$WRK" 2>/dev/null; do
    h=$(jvm_mib heap)
    ((h > peak_heap)) && peak_heap=$h
    sleep 2
  done
  wait "$WRK" || true
  cpu=$(awk -v t="$(($(cpu_ticks) - t0))" -v hz="$TICKS" -v s="$SECONDS_PER_RUN" \
    'BEGIN {printf "%.2f", t / hz / s}')
  rps=$(awk '/^Requests\/sec/ {printf "%d", $2}' "$WORK/wrk-$mode.txt")
  echo "load $mode ($CONNECTIONS connections, ${SECONDS_PER_RUN}s): $rps req/s, proxy CPU $cpu cores," \
    "RSS $(rss_mib) MiB (peak $(hwm_mib) MiB), heap used peak $peak_heap MiB," \
    "non-heap $(jvm_mib nonheap) MiB"
done
sleep 10
echo "after load: RSS $(rss_mib) MiB, heap used $(jvm_mib heap) MiB"
