#!/usr/bin/env bash
# Crash test: the proxy under mixed load is killed with SIGKILL at random moments and restarted
# on the same data folder, several times; then the ledger, the chain and the reports are checked.
#
#   bench/crash.sh                          build, 5 kill cycles
#   bench/crash.sh --no-build --cycles 3    use the existing jar, 3 cycles
#   bench/crash.sh --keep                   keep the work folder (data, logs, per-request outcomes)
#
# Load: bench/crash_load.py, THREADS (default 16) threads sending chat completions, half streamed,
# half whole, on KEYS (default 3) virtual keys, to two aliases at random: "crash", routed to the
# built-in mock provider with LATENCY (default 800ms), so that many requests are in flight at any
# moment, and "crash-fast", routed to a second mock provider answering after 5ms, so that the
# ledger writer is busy at any moment too. Each cycle starts the proxy (a copy of
# proxy-edge/target/llm-proxy.jar, so other builds cannot swap it mid-run), starts the load,
# waits a random 2–7 s, kills the proxy with kill -9, then stops the load. Each request's
# outcome is recorded: complete (whole: 200 with a full JSON body; stream: "data: [DONE]" arrived),
# incomplete (reached the proxy, no complete answer: cut by the kill) or refused (proxy down).
#
# Checks, after every restart (on what the previous cycles left) and at the end:
#   1. every request whose client got a complete answer has a success entry in the ledger (the
#      UsageLedger events of the SQLite event store, found by the x-request-id it was answered with)
#   2. nothing is counted twice: no request id is in two ledger entries with retried=false
#   3. GET /api/audit/verify → verified true (the hash chain of every ledger stream)
#   4. audit replay: zero discrepancies (POST /admin/audit/replays after each restart; at the end
#      `java -jar llm-proxy.jar audit-replay` on the stopped instance's folder, exit code 0)
# Prints the counts per cycle and in total; exit code 0 only if every check passed, 1 otherwise.
#
# Prerequisites: JDK 17+, python3, curl. Environment: CYCLES, THREADS, KEYS, LATENCY, JVM_OPTS.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
BUILD=1
KEEP=0
CYCLES=${CYCLES:-5}
THREADS=${THREADS:-16}
KEYS=${KEYS:-3}
LATENCY=${LATENCY:-800ms}
JVM_OPTS=${JVM_OPTS:--Xms256m -Xmx512m}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --cycles) CYCLES=$2; shift ;;
    --keep) KEEP=1 ;;
    -h | --help) sed -n 2,29p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

[[ $BUILD -eq 0 ]] || (cd "$REPO_DIR" && ./mvnw -B -q -DskipTests package)
WORK=$(mktemp -d /tmp/llmproxy-crash.XXXXXX)
cp "$REPO_DIR/proxy-edge/target/llm-proxy.jar" "$WORK/llm-proxy.jar"
DATA=$WORK/data
PORT=$((20000 + RANDOM % 20000))
BASE="http://127.0.0.1:$PORT"
export LLMPROXY_ADMIN_PASSWORD=crash-test-password-1 AXONIQ_UPDATE_CHECKER_DISABLED=true
PROXY_PID=""
LOAD_PID=""
FAILED=0
cleanup() {
  [[ -z $LOAD_PID ]] || kill "$LOAD_PID" 2>/dev/null || true
  [[ -z $PROXY_PID ]] || kill "$PROXY_PID" 2>/dev/null || true
  [[ -z $PROXY_PID ]] || wait "$PROXY_PID" 2>/dev/null || true
  if [[ $KEEP -eq 1 ]]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

start_proxy() {
  # shellcheck disable=SC2086
  java $JVM_OPTS -jar "$WORK/llm-proxy.jar" --server.port="$PORT" --llmproxy.data-dir="$DATA" \
    --llmproxy.providers.mock.latency="$LATENCY" --llmproxy.providers.mockfast.kind=mock \
    --llmproxy.providers.mockfast.latency=5ms >>"$WORK/proxy.log" 2>&1 &
  PROXY_PID=$!
  for _ in $(seq 1 240); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/actuator/health/readiness") == 200 ]] && return
    kill -0 "$PROXY_PID" 2>/dev/null || { tail -30 "$WORK/proxy.log"; exit 1; }
    sleep 0.5
  done
  echo "the proxy did not become ready" >&2
  exit 1
}

field() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
login() {
  curl -fsS "$BASE/admin/session" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$LLMPROXY_ADMIN_PASSWORD\"}" | field token
}

# checks 1–4 on the running proxy; $1 names the moment, e.g. "after cycle 2"
check_running() {
  local token replay id status
  token=$(login)
  # the ledger straight from the event store: durable is what counts, not the projections
  python3 "$BENCH_DIR/crash_load.py" --check "$DATA/llm-proxy.db" "$WORK/outcomes.jsonl" \
    "$1" >>"$WORK/checks.txt" || FAILED=1
  curl -fsS "$BASE/api/audit/verify" -H "Authorization: Bearer $token" >"$WORK/verify.json"
  echo "$1: chain $(cat "$WORK/verify.json")" >>"$WORK/checks.txt"
  [[ $(field verified <"$WORK/verify.json") == True ]] || FAILED=1
  id=$(curl -fsS -X POST "$BASE/admin/audit/replays" -H "Authorization: Bearer $token" | field id)
  for _ in $(seq 1 120); do
    curl -fsS "$BASE/admin/audit/replays/$id" -H "Authorization: Bearer $token" >"$WORK/replay.json"
    status=$(field status <"$WORK/replay.json")
    [[ $status == running ]] || break
    sleep 0.5
  done
  replay=$(python3 -c "import json,sys; r=json.load(sys.stdin); print(r['status'], 'events', \
r['progress']['events_read'], 'discrepancies', r['discrepancy_count'])" <"$WORK/replay.json")
  echo "$1: replay $replay" >>"$WORK/checks.txt"
  [[ $replay == "completed events "*" discrepancies 0" ]] || FAILED=1
}

echo "== work folder $WORK, port $PORT, $CYCLES cycles, $THREADS threads, $KEYS keys, latency $LATENCY"
start_proxy
TOKEN=$(login)
curl -fsS -o /dev/null -X PUT "$BASE/admin/models/crash" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"provider":"mock","model":"mock-1"}'
curl -fsS -o /dev/null -X PUT "$BASE/admin/models/crash-fast" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"provider":"mockfast","model":"mock-1"}'
for k in $(seq 1 "$KEYS"); do
  curl -fsS "$BASE/admin/keys" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"crash-$k\",\"models\":[\"crash\",\"crash-fast\"]}" | field key >>"$WORK/keys.txt"
done
: >"$WORK/outcomes.jsonl"

for cycle in $(seq 1 "$CYCLES"); do
  [[ $cycle -eq 1 ]] || { start_proxy; check_running "after cycle $((cycle - 1)), restarted"; }
  rm -f "$WORK/stop"
  python3 "$BENCH_DIR/crash_load.py" "$PORT" "$WORK/keys.txt" "$WORK/outcomes.jsonl" "$WORK/stop" \
    --threads "$THREADS" --cycle "$cycle" --models crash,crash-fast &
  LOAD_PID=$!
  # a random moment: 2.0 to 7.0 s into the load, in 100 ms steps
  pause=$(awk -v r=$((RANDOM % 51)) 'BEGIN {printf "%.1f", 2 + r / 10}')
  sleep "$pause"
  kill -9 "$PROXY_PID"
  wait "$PROXY_PID" 2>/dev/null || true
  PROXY_PID=""
  # a moment more of load on the dead port (refused), then stop the load generator
  sleep 0.5
  touch "$WORK/stop"
  wait "$LOAD_PID"
  LOAD_PID=""
  echo "cycle $cycle: killed after $pause s"
done

start_proxy
check_running "final, after cycle $CYCLES, restarted"
kill "$PROXY_PID"
wait "$PROXY_PID" 2>/dev/null || true
PROXY_PID=""
set +e
# shellcheck disable=SC2086
java $JVM_OPTS -jar "$WORK/llm-proxy.jar" audit-replay --llmproxy.data-dir="$DATA" \
  >"$WORK/replay-cli.json" 2>>"$WORK/proxy.log"
code=$?
set -e
echo "final: audit-replay command exit code $code, $(python3 -c "import json,sys; r=json.load(sys.stdin); \
print('events', r['progress']['events_read'], 'discrepancies', r['discrepancy_count'])" <"$WORK/replay-cli.json" 2>/dev/null)" \
  >>"$WORK/checks.txt"
[[ $code -eq 0 ]] || FAILED=1

cat "$WORK/checks.txt"
echo
python3 "$BENCH_DIR/crash_load.py" --summary "$DATA/llm-proxy.db" "$WORK/outcomes.jsonl" || FAILED=1
if [[ $FAILED -eq 0 ]]; then echo "PASS"; else echo "FAIL"; KEEP=1; fi
exit $FAILED
