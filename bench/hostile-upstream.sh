#!/usr/bin/env bash
# The proxy's heap against an upstream that answers too much (security issue item 8): bursts of
# concurrent requests whose upstream answer is a 64 MB stream line that never ends, a 64 MB event
# of data lines, a stream that never stops, a 64 MB whole answer, or a correct whole answer just
# under the whole-answer limit (BIG_ANSWER_KB, default 7900); BURSTS="marker:stream ..." picks
# others. The proxy runs with the
# Dockerfile's JVM flags and -XX:MaxRAM=<limit> (as in a container with that memory limit: a 164
# MiB heap for 1g) and the default llmproxy.upstream.* limits unless PROXY_ARGS adds others.
# Reports per burst the answers the clients got, the live heap while the burst is in flight (a
# full collection <sample> seconds into it, then the heap in use), the most the collector found
# in use before a collection, and whether the proxy is still alive and answering.
#
#   bench/hostile-upstream.sh [--no-build] [--jar path] [--limit 1g] [--concurrency 16]
#                             [--sample 3] [--max-time 60]
#
# A client gives up after --max-time seconds (an endless stream at the default 256 MB
# max-stream-size may take longer than that to reach its limit). The upstream is the tests'
# HostileUpstreamStub (proxy-edge/target/test-classes), so the build must have compiled the tests
# (package -DskipTests does). Prerequisites: JDK 17+ (java, jcmd), curl.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
BUILD=1
JAR="$REPO_DIR/proxy-edge/target/llm-proxy.jar"
LIMIT=1g
CONCURRENCY=16
SAMPLE=3
MAX_TIME=60
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --jar) JAR=$2; BUILD=0; shift ;;
    --limit) LIMIT=$2; shift ;;
    --concurrency) CONCURRENCY=$2; shift ;;
    --sample) SAMPLE=$2; shift ;;
    --max-time) MAX_TIME=$2; shift ;;
    -h | --help) sed -n 2,18p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

JVM_FLAGS=$(sed -nE 's/^ENV JDK_JAVA_OPTIONS="([^"]*)".*/\1/p' "$REPO_DIR/Dockerfile")
[[ -n $JVM_FLAGS ]] || { echo "no JDK_JAVA_OPTIONS in the Dockerfile" >&2; exit 1; }
[[ $BUILD -eq 0 ]] || (cd "$REPO_DIR" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package)

WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
UPSTREAM_PORT=$((PORT + 1))
PW=hostile-bench-password
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

java -Xmx256m -cp "$REPO_DIR/proxy-edge/target/test-classes" \
  io.llmproxy.support.HostileUpstreamStub "$UPSTREAM_PORT" >"$WORK/upstream.log" 2>&1 &
PIDS+=($!)
# shellcheck disable=SC2086
java $JVM_FLAGS -XX:MaxRAM="$LIMIT" -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" \
  --server.port="$PORT" --llmproxy.data-dir="$WORK/data" --llmproxy.admin-password="$PW" \
  --llmproxy.providers.hostile.kind=openai-compatible \
  --llmproxy.providers.hostile.base-url="http://127.0.0.1:$UPSTREAM_PORT/openai/v1" \
  ${PROXY_ARGS:-} >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
PIDS+=("$PROXY_PID")
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/actuator/health/readiness") == 200 ]] && break
  kill -0 "$PROXY_PID" 2>/dev/null || { tail -30 "$WORK/proxy.log"; exit 1; }
  sleep 0.5
done

field() { sed -nE "s/.*\"$1\":\"([^\"]*)\".*/\1/p"; }
TOKEN=$(curl -fsS "$BASE/admin/session" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PW\"}" | field token)
curl -fsS -o /dev/null -X PUT "$BASE/admin/models/hostile" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"provider":"hostile","model":"m"}'
KEY=$(curl -fsS "$BASE/admin/keys" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"hostile-bench","models":["*"]}' | field key)

# the most heap in use the collector found before a collection since the log's line $1 (garbage
# included: G1 lets the young generation fill whatever is free)
peak_heap_mib() {
  tail -n +"$1" "$WORK/gc.log" | sed -nE 's/.* ([0-9]+)M->[0-9]+M\([0-9]+M\).*/\1/p' |
    sort -n | tail -1
}

# the heap in use right after a full collection, from the collection's own log line: what is live
live_heap_mib() {
  jcmd "$PROXY_PID" GC.run >/dev/null 2>&1 || { echo "?"; return; }
  grep 'Pause Full (Diagnostic Command)' "$WORK/gc.log" | tail -1 | sed -nE 's/.*M->([0-9]+)M\(.*/\1/p'
}

# one request; prints the HTTP status, the error code the client saw (if any) and the MB it got
ask() {
  local text=$1 stream=$2 body
  body=$(mktemp -p "$WORK")
  local status
  status=$(curl -sS -N --max-time "$MAX_TIME" -o "$body" -w '%{http_code}' "$BASE/v1/chat/completions" \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"model\":\"hostile\",\"stream\":$stream,\"messages\":[{\"role\":\"user\",\"content\":\"$text\"}]}" \
    2>/dev/null) || status="curl-failed:$status"
  local code
  code=$(tail -c 2000 "$body" | sed -nE 's/.*"code":"([a-z_]+)".*/\1/p' | tail -1)
  echo "$status ${code:-ok} $(($(stat -c %s "$body") / 1048576))"
  rm -f "$body"
}

heap_max=$(curl -fsS "$BASE/actuator/prometheus" |
  awk '/^jvm_memory_max_bytes\{area="heap"/ {if ($NF > 0) s += $NF} END {printf "%d", s / 1048576}')
echo "proxy heap max ${heap_max} MiB, live when idle $(live_heap_mib) MiB;" \
  "$CONCURRENCY concurrent requests per burst"
printf '%-16s %-7s %-60s %-6s %-6s %s\n' burst stream answers live peak after
BURSTS=${BURSTS:-endless-line:true many-lines:true endless-frames:true huge-answer:false \
big-answer-${BIG_ANSWER_KB:-7900}:false}
for burst in $BURSTS; do
  marker=${burst%:*}
  stream=${burst#*:}
  from=$(($(wc -l <"$WORK/gc.log") + 1))
  asking=()
  for i in $(seq 1 "$CONCURRENCY"); do
    ask "$marker #$i" "$stream" >"$WORK/answer.$i" &
    asking+=($!)
  done
  sleep "$SAMPLE"
  live=$(live_heap_mib)
  for pid in "${asking[@]}"; do wait "$pid" || true; done
  answers=$(cat "$WORK"/answer.* |
    awk '{c[$1 " " $2]++; mb += $3} END {for (k in c) printf "%d× %s; ", c[k], k; printf "%d MB to clients", mb}')
  rm -f "$WORK"/answer.*
  if kill -0 "$PROXY_PID" 2>/dev/null; then
    after=$(ask "hello" false | cut -d' ' -f1,2)
  else
    after="proxy exited: $(grep -m1 -o 'OutOfMemoryError[^"]*' "$WORK/proxy.log" || echo '?')"
  fi
  printf '%-16s %-7s %-60s %-6s %-6s %s\n' "$marker" "$stream" "$answers" "$live" \
    "$(peak_heap_mib "$from")" "$after"
  kill -0 "$PROXY_PID" 2>/dev/null || break
done
