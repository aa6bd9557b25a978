#!/usr/bin/env bash
# Reporting at scale: append N synthetic usage entries (default 1,000,000) through the real ledger,
# rebuild the report read models from the event store and time it, then measure report queries
# over HTTP (p50/p99 of sequential requests after a warm-up) and the database size.
#
#   bench/reports.sh                     1,000,000 entries, fresh data folder
#   ENTRIES=200000 bench/reports.sh      fewer
#   DATA=/tmp/reports-1m bench/reports.sh --reuse    measure again on an existing folder
#
# Prerequisites: JDK 17+, python3, sqlite3; the jar is built if missing (./mvnw -DskipTests package).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
JAR=${JAR:-$REPO_DIR/proxy-edge/target/llm-proxy.jar}
ENTRIES=${ENTRIES:-1000000}
DATA=${DATA:-$BENCH_DIR/results/reports-data}
PORT=${PORT:-18181}
REQUESTS=${REQUESTS:-200}
JVM_OPTS=${JVM_OPTS:--Xms512m -Xmx1g}
REUSE=0
[[ "${1:-}" == "--reuse" ]] && REUSE=1

[[ -f "$JAR" ]] || (cd "$REPO_DIR" && ./mvnw -B -q -DskipTests package)
export AXONIQ_UPDATE_CHECKER_DISABLED=true LLMPROXY_ADMIN_PASSWORD=bench-admin-password-1

if [[ $REUSE == 0 ]]; then
  rm -rf "$DATA" && mkdir -p "$DATA"
  echo "== generate $ENTRIES entries"
  # shellcheck disable=SC2086
  java $JVM_OPTS -jar "$JAR" generate-usage --llmproxy.data-dir="$DATA" --generate.entries="$ENTRIES"
fi

echo "== rebuild the report read models (usage-reports) from the event store"
# shellcheck disable=SC2086
java $JVM_OPTS -jar "$JAR" rebuild-read-models --llmproxy.data-dir="$DATA" \
  --rebuild.processors=usage-reports

echo "== start the proxy on :$PORT"
# shellcheck disable=SC2086
java $JVM_OPTS -jar "$JAR" --llmproxy.data-dir="$DATA" --server.port="$PORT" \
  >"$DATA/proxy.log" 2>&1 &
PROXY=$!
trap 'kill $PROXY 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "localhost:$PORT/actuator/health/readiness" >/dev/null && break
  sleep 1
done

python3 - "$PORT" "$REQUESTS" <<'PY'
import http.client, json, sys, time, statistics, datetime
port, requests = int(sys.argv[1]), int(sys.argv[2])
conn = http.client.HTTPConnection("localhost", port)
def call(method, path, body=None, token=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = "Bearer " + token
    conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status != 200:
        raise SystemExit(f"{path}: {response.status} {data[:300]!r}")
    return data
token = json.loads(call("POST", "/admin/session", {"username": "admin", "password": "bench-admin-password-1"}))["token"]
end = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0)
week = (end - datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
day = (end - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
queries = {
    "summary, all time, total": "/api/usage/summary",
    "summary, all time, by key": "/api/usage/summary?groupBy=key",
    "summary, all time, by team and alias": "/api/usage/summary?groupBy=team,alias",
    "summary, last 7 days, by provider (hour-aligned bounds)": f"/api/usage/summary?groupBy=provider&from={week}",
    "summary, one key, by day in Europe/Paris": "/api/usage/summary?groupBy=day&tz=Europe/Paris&key=synth0000003",
    "timeseries, 30 days by day": "/api/usage/timeseries?interval=day",
    "timeseries, 30 days by day, Europe/Paris": "/api/usage/timeseries?interval=day&tz=Europe/Paris",
    "timeseries, last 24 h by hour": f"/api/usage/timeseries?interval=hour&from={day}",
    "timeseries, 30 days by hour, one team": "/api/usage/timeseries?interval=hour&team=team_synth003",
    "request log, newest page of 50": "/api/usage/requests",
    "request log, one key, page of 50": "/api/usage/requests?key=synth0000042",
}
print(f"| query | p50 ms | p99 ms | max ms |")
print(f"|---|---:|---:|---:|")
for name, path in queries.items():
    for _ in range(20):
        call("GET", path, token=token)
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        call("GET", path, token=token)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"| {name} | {statistics.median(samples):.1f} | {p99:.1f} | {samples[-1]:.1f} |")
started = time.perf_counter()
size = len(call("GET", "/api/usage/requests.csv?retried=true", token=token))
print(f"\nCSV export of the whole log: {size / 1e6:.0f} MB in {time.perf_counter() - started:.1f} s")
PY

kill $PROXY; wait $PROXY 2>/dev/null || true
trap - EXIT
echo "== database"
sqlite3 "$DATA/llm-proxy.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
ls -la "$DATA"/llm-proxy.db*
sqlite3 "$DATA/llm-proxy.db" "SELECT COUNT(*) AS usage_events FROM domain_event_entry WHERE type='UsageLedger';"
sqlite3 -header -column "$DATA/llm-proxy.db" \
  "SELECT name, ROUND(SUM(pgsize)/1048576.0, 1) AS mib FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 25;" \
  2>/dev/null || echo "(sqlite3 without dbstat: per-table sizes not shown)"
