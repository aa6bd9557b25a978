#!/usr/bin/env bash
# Memory under 1,000 concurrent slow streams (issue 10, item 4; figures in docs/reliability.md,
# "Memory under 1,000 concurrent streams"; method in bench/README.md).
#
#   bench/streams.sh [--streams 1000] [--chunks 40] [--chunk-delay-ms 300] [--limit 1g]
#                    [--rounds 2] [--no-baseline] [--keep]
#
# What it does: builds proxy-edge/target/llm-proxy.jar if it is missing (./mvnw -B -o -q
# -DskipTests package) and copies it to a temp folder (other builds overwrite target/); starts
# bench/MockUpstream.java streaming slowly (--chunks content frames, --chunk-delay-ms apart: 40 ×
# 300 ms ≈ 12 s a stream); starts the proxy with the Dockerfile's JVM flags and -XX:MaxRAM=<limit>
# (the JVM sizes itself as under a container limit of <limit>; docs/operations.md "Sizing" recommends 1 GiB),
# with the mock as an openai-compatible provider and the alias `streams` routed to it; issues a
# key; then bench/StreamClient.java opens all streams at once, --rounds times in a row (the first
# round meets a proxy whose JIT has seen only 20 warm-up streams). During the run it samples the
# proxy's RSS (VmRSS, VmHWM from /proc) and heap used (actuator Prometheus) every 2 s. Checks at
# the end: every stream completed with data: [DONE] (none starved or failed), peak RSS ≤ 512 MiB,
# and the ledger (/api/usage/summary) counts one entry per stream. First, unless --no-baseline,
# the same client runs straight against the mock, for the proxy's overhead on TTFB/completion.
# Exit code 0 when every check passes. PROXY_EXTRA_JVM_OPTS adds flags to the proxy's (with
# -XX:NativeMemoryTracking=summary the script prints jcmd's native memory summary at the end). Prerequisites: JDK 17+, curl, python3.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
STREAMS=1000
CHUNKS=40
CHUNK_DELAY=300
LIMIT=1g
BASELINE=1
ROUNDS=2
KEEP=0
RSS_TARGET_MIB=512
while [[ $# -gt 0 ]]; do
  case "$1" in
    --streams) STREAMS=$2; shift ;;
    --chunks) CHUNKS=$2; shift ;;
    --chunk-delay-ms) CHUNK_DELAY=$2; shift ;;
    --limit) LIMIT=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --no-baseline) BASELINE=0 ;;
    --keep) KEEP=1 ;;
    -h | --help) sed -n 2,20p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

JVM_FLAGS=$(sed -nE 's/^ENV JDK_JAVA_OPTIONS="([^"]*)".*/\1/p' "$REPO_DIR/Dockerfile")
[[ -n $JVM_FLAGS ]] || { echo "no JDK_JAVA_OPTIONS in the Dockerfile" >&2; exit 1; }
JAR="$REPO_DIR/proxy-edge/target/llm-proxy.jar"
[[ -f $JAR ]] || (cd "$REPO_DIR" && ./mvnw -B -o -q -DskipTests package)

WORK=$(mktemp -d)
cp "$JAR" "$WORK/llm-proxy.jar"
PORT=$((20000 + RANDOM % 20000))
MOCK_PORT=$((PORT + 1))
PW=streams-bench-password
PROXY_PID=""
MOCK_PID=""
SAMPLER_PID=""
cleanup() {
  for p in $SAMPLER_PID $PROXY_PID $MOCK_PID; do kill "$p" 2>/dev/null || true; done
  for p in $SAMPLER_PID $PROXY_PID $MOCK_PID; do wait "$p" 2>/dev/null || true; done
  if [[ $KEEP -eq 1 ]]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
log() { printf '[streams %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# the client and the mock, compiled once by the source launcher's rules into classes
javac -d "$WORK/classes" "$BENCH_DIR/MockUpstream.java" "$BENCH_DIR/StreamClient.java"
java -Xmx256m -cp "$WORK/classes" MockUpstream --port "$MOCK_PORT" --threads 8 \
  --chunk-delay-ms "$CHUNK_DELAY" --chunks "$CHUNKS" >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "http://127.0.0.1:$MOCK_PORT/health" && break
  sleep 0.5
done
client() { java -Xmx256m -cp "$WORK/classes" StreamClient "$@"; }
TIMEOUT=$((CHUNKS * CHUNK_DELAY / 1000 + 120))

if [[ $BASELINE -eq 1 ]]; then
  log "baseline: $STREAMS streams straight to the mock"
  client "http://127.0.0.1:$MOCK_PORT/v1/chat/completions" none streams "$STREAMS" "$TIMEOUT" |
    sed 's/^/  direct  /' || true
fi

# shellcheck disable=SC2086
java $JVM_FLAGS -XX:MaxRAM="$LIMIT" ${PROXY_EXTRA_JVM_OPTS:-} -jar "$WORK/llm-proxy.jar" \
  --server.port="$PORT" --llmproxy.data-dir="$WORK/data" --llmproxy.admin-password="$PW" \
  --llmproxy.providers.slow.kind=openai-compatible \
  --llmproxy.providers.slow.base-url="http://127.0.0.1:$MOCK_PORT/v1" \
  >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 240); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/actuator/health/readiness") == 200 ]] && break
  kill -0 "$PROXY_PID" 2>/dev/null || { tail -30 "$WORK/proxy.log"; exit 1; }
  sleep 0.5
done

field() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
TOKEN=$(curl -fsS "$BASE/admin/session" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PW\"}" | field token)
curl -fsS -o /dev/null -X PUT "$BASE/admin/models/streams" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"provider":"slow","model":"slow-1"}'
KEY=$(curl -fsS "$BASE/admin/keys" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"streams-bench","models":["streams"]}' | field key)

rss_mib() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$PROXY_PID/status"; }
hwm_mib() { awk '/^VmHWM/ {printf "%d", $2 / 1024}' "/proc/$PROXY_PID/status"; }
jvm_mib() {
  curl -fsS -m 10 "$BASE/actuator/prometheus" |
    awk -v area="$1" '$0 ~ "^jvm_memory_used_bytes\\{area=\""area"\"" {s += $NF} END {printf "%d", s / 1048576}'
}
# heap used and committed (G1 grows the committed heap towards its max; RSS follows it)
heap_used_committed() {
  curl -fsS -m 10 "$BASE/actuator/prometheus" | awk '
    /^jvm_memory_used_bytes\{area="heap"/ {u += $NF}
    /^jvm_memory_committed_bytes\{area="heap"/ {c += $NF}
    END {printf "heap=%d committed=%d", u / 1048576, c / 1048576}'
}
heap_max_mib() {
  curl -fsS "$BASE/actuator/prometheus" |
    awk '/^jvm_memory_max_bytes\{area="heap"/ {if ($NF > 0) s += $NF} END {printf "%d", s / 1048576}'
}
threads() { awk '/^Threads/ {print $2}' "/proc/$PROXY_PID/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PROXY_PID/stat"; }
TICKS=$(getconf CLK_TCK)

# a few streams to warm the path, then an idle moment
client "$BASE/v1/chat/completions" "$KEY" streams 20 "$TIMEOUT" >/dev/null || true
sleep 5
log "proxy pid $PROXY_PID, limit $LIMIT, JVM flags: $JVM_FLAGS"
echo "heap max: $(heap_max_mib) MiB"
echo "before: RSS $(rss_mib) MiB (peak so far $(hwm_mib)), heap used $(jvm_mib heap) MiB, non-heap $(jvm_mib nonheap) MiB, threads $(threads)"

(
  while true; do
    echo "$(date +%s) rss=$(rss_mib) hwm=$(hwm_mib) $(heap_used_committed || echo heap=-1) threads=$(threads)"
    sleep 2
  done
) >"$WORK/samples.txt" 2>/dev/null &
SAMPLER_PID=$!

CLIENT_RC=0
for round in $(seq 1 "$ROUNDS"); do
  log "round $round: $STREAMS streams through the proxy ($CHUNKS chunks × $CHUNK_DELAY ms)"
  t0=$(cpu_ticks)
  client "$BASE/v1/chat/completions" "$KEY" streams "$STREAMS" "$TIMEOUT" >"$WORK/client.txt" || CLIENT_RC=$?
  sed "s/^/  proxy#$round /" "$WORK/client.txt"
  echo "  proxy#$round CPU of the proxy: $(awk -v t="$(($(cpu_ticks) - t0))" -v hz="$TICKS" -v n="$STREAMS" \
    'BEGIN {printf "%.1f s in all, %.1f ms a stream", t / hz, 1000 * t / hz / n}'); RSS now $(rss_mib) MiB, peak $(hwm_mib) MiB"
  sleep 3
done
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""

PEAK_RSS=$(hwm_mib)
PEAK_HEAP=$(sed -nE 's/.*heap=([0-9]+).*/\1/p' "$WORK/samples.txt" | sort -n | tail -1)
MAX_SAMPLED_RSS=$(sed -nE 's/.*rss=([0-9]+).*/\1/p' "$WORK/samples.txt" | sort -n | tail -1)
MAX_COMMITTED=$(sed -nE 's/.*committed=([0-9]+).*/\1/p' "$WORK/samples.txt" | sort -n | tail -1)
MAX_THREADS=$(sed -nE 's/.*threads=([0-9]+).*/\1/p' "$WORK/samples.txt" | sort -n | tail -1)
echo "during: RSS sampled max $MAX_SAMPLED_RSS MiB, VmHWM (peak) $PEAK_RSS MiB, heap used max $PEAK_HEAP MiB (committed max $MAX_COMMITTED MiB), threads max $MAX_THREADS ($(wc -l <"$WORK/samples.txt") samples every 2 s)"
echo "mock: $(curl -fsS "http://127.0.0.1:$MOCK_PORT/stats")"

sleep 5
echo "after: RSS $(rss_mib) MiB, $(heap_used_committed) MiB, non-heap $(jvm_mib nonheap) MiB, threads $(threads)"
# the ledger: one entry per stream of the run (plus the 20 warm-up ones), all on this one key
EXPECTED=$((ROUNDS * STREAMS + 20))
LEDGER=0
for _ in $(seq 1 30); do
  LEDGER=$(curl -fsS "$BASE/api/usage/summary" -H "Authorization: Bearer $TOKEN" |
    python3 -c "import json,sys; print(json.load(sys.stdin)['totals']['requests'])")
  [[ $LEDGER -ge $EXPECTED ]] && break
  sleep 2
done
echo "ledger: $LEDGER entries for the key (expected $EXPECTED = $ROUNDS × $STREAMS + 20 warm-up)"

if [[ ${PROXY_EXTRA_JVM_OPTS:-} == *NativeMemoryTracking* ]]; then
  jcmd "$PROXY_PID" VM.native_memory summary | grep -E '^(Total|-| +\()' | grep -E 'Total|committed=' | sed -n '1,40p' || true
fi
FAILED=0
[[ $CLIENT_RC -eq 0 ]] || { echo "FAIL: not every stream completed with [DONE]"; FAILED=1; }
[[ $PEAK_RSS -le $RSS_TARGET_MIB ]] || { echo "FAIL: peak RSS $PEAK_RSS MiB > $RSS_TARGET_MIB MiB"; FAILED=1; }
[[ $LEDGER -eq $EXPECTED ]] || { echo "FAIL: ledger has $LEDGER entries, expected $EXPECTED"; FAILED=1; }
[[ $FAILED -eq 1 ]] || echo "PASS"
exit $FAILED
