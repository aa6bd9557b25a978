#!/usr/bin/env bash
# The proxy's heap against an upstream that answers too much (security issue item 8): bursts of
# concurrent requests whose upstream answer is a 64 MB stream line that never ends, a 64 MB event
# of data lines, a stream that never stops, or a 64 MB whole answer. The proxy runs with the
# Dockerfile's JVM flags and -XX:MaxRAM=<limit> (as in a container with that memory limit: a 164
# MiB heap for 1g) and the default llmproxy.upstream.* limits unless PROXY_ARGS says otherwise.
# Reports per burst the answers the clients got, the highest heap occupancy the collector saw
# (from the GC log) and whether the proxy is still alive and answering.
#
#   bench/hostile-upstream.sh [--no-build] [--jar path] [--limit 1g] [--concurrency 16]
#
# The upstream is the tests' HostileUpstreamStub (proxy-edge/target/test-classes), so the build
# must have compiled the tests (package -DskipTests does). Prerequisites: JDK 17+, curl.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
BUILD=1
JAR="$REPO_DIR/proxy-edge/target/llm-proxy.jar"
LIMIT=1g
CONCURRENCY=16
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --jar) JAR=$2; BUILD=0; shift ;;
    --limit) LIMIT=$2; shift ;;
    --concurrency) CONCURRENCY=$2; shift ;;
    -h | --help) sed -n 2,13p "$0"; exit 0 ;;
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

# the highest heap occupancy before a collection since the log's line $1 ("95M->40M(164M)" → 95)
peak_heap_mib() {
  tail -n +"$1" "$WORK/gc.log" | sed -nE 's/.* ([0-9]+)M->[0-9]+M\([0-9]+M\).*/\1/p' | sort -n | tail -1
}

# one request; prints the HTTP status and the error code the client saw, if any
ask() {
  local text=$1 stream=$2
  local out
  out=$(curl -sS -N --max-time 120 "$BASE/v1/chat/completions" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' -w '\n%{http_code}' \
    -d "{\"model\":\"hostile\",\"stream\":$stream,\"messages\":[{\"role\":\"user\",\"content\":\"$text\"}]}" \
    2>/dev/null || echo "000")
  local code
  code=$(printf '%s' "$out" | sed -nE 's/.*"code":"([a-z_]+)".*/\1/p' | tail -1)
  echo "$(printf '%s' "$out" | tail -1) ${code:-ok}"
}

heap_max=$(curl -fsS "$BASE/actuator/prometheus" |
  awk '/^jvm_memory_max_bytes\{area="heap"/ {if ($NF > 0) s += $NF} END {printf "%d", s / 1048576}')
echo "proxy heap max ${heap_max} MiB; $CONCURRENCY concurrent requests per burst"
printf '%-16s %-8s %-44s %-10s %s\n' burst stream answers "peak heap" "after"
for burst in "endless-line true" "many-lines true" "endless-frames true" "huge-answer false"; do
  read -r marker stream <<<"$burst"
  from=$(($(wc -l <"$WORK/gc.log") + 1))
  asking=()
  for i in $(seq 1 "$CONCURRENCY"); do
    ask "$marker #$i" "$stream" >"$WORK/answer.$i" &
    asking+=($!)
  done
  for pid in "${asking[@]}"; do wait "$pid" || true; done
  answers=$(cat "$WORK"/answer.* | sort | uniq -c | awk '{printf "%s×%s %s; ", $1, $2, $3}')
  if kill -0 "$PROXY_PID" 2>/dev/null; then
    after=$(ask "hello" false)
  else
    after="proxy exited: $(grep -m1 -o 'OutOfMemoryError[^"]*' "$WORK/proxy.log" || echo '?')"
  fi
  printf '%-16s %-8s %-44s %-10s %s\n' "$marker" "$stream" "$answers" "$(peak_heap_mib "$from") MiB" "$after"
  kill -0 "$PROXY_PID" 2>/dev/null || break
done
