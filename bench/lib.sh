# Shared by run.sh and compare.sh: processes and their cleanup, free ports, the mock upstream, a
# proxy started from a jar, and the admin calls a benchmark needs. Source it; it sets no options.
#
# The sourcing script sets KEEP (1 = keep the temporary folder) before it exits.

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

BENCH_DIR=${BENCH_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
KEEP=${KEEP:-0}

require_tools() { # tool... (wrk, curl and java are always checked)
  [[ -r /proc/stat ]] || die "Linux needed: the CPU accounting reads /proc"
  command -v wrk >/dev/null 2>&1 ||
    die "wrk not found. Install it: sudo apt-get install wrk (Debian/Ubuntu), sudo dnf install wrk (Fedora)"
  command -v curl >/dev/null 2>&1 || die "curl not found (sudo apt-get install curl)"
  command -v java >/dev/null 2>&1 || die "java not found: a JDK 17+ is needed"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [[ ${major%%.*} -ge 17 ]] || die "JDK 17+ needed, found $major"
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found on the PATH"
  done
}

# ---------------------------------------------------------------- processes and cleanup
WORK=$(mktemp -d "${TMPDIR:-/tmp}/llmproxy-bench.XXXXXX")
PIDS=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    stop_process "$pid" 100
  done
  if [[ $KEEP -eq 1 || $status -ne 0 ]]; then
    log "temporary files kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
# stop_process PID [CHECKS]: SIGTERM, then up to CHECKS × 0.2 s (default 150) for the process to
# end (a node drains its requests and its ledger first), then SIGKILL
stop_process() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 "${2:-150}"); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# a random start, so that two benchmarks started at once do not race for the same ports
NEXT_PORT=${NEXT_PORT:-$((18180 + RANDOM % 40 * 50))}
take_port() { # sets PORT to the next free local port
  while ! port_free "$NEXT_PORT"; do NEXT_PORT=$((NEXT_PORT + 1)); done
  PORT=$NEXT_PORT
  NEXT_PORT=$((NEXT_PORT + 1))
}

# CPU ticks (user + system) a live process has used so far
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# busy and total ticks of the whole machine
machine_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t}' /proc/stat; }
CLK_TCK=$(getconf CLK_TCK)

# settle PID... : waits (at most 60 s) until none of these processes used more than 5 % of a core
# over the last second, so that one run's leftovers (a projection catching up on the events of
# the last run, JIT compilations) do not land in the next run's figures
settle() {
  local waited pid a b busy
  for ((waited = 0; waited < 60; waited++)); do
    busy=0
    declare -A before=()
    for pid in "$@"; do before[$pid]=$(cpu_ticks "$pid"); done
    sleep 1
    for pid in "$@"; do
      b=$(cpu_ticks "$pid")
      a=${before[$pid]}
      (((b - a) * 100 > CLK_TCK * 5)) && busy=1
    done
    [[ $busy -eq 0 ]] && return 0
  done
  log "WARNING: processes $* still busy after 60 s; measuring anyway"
}

# ---------------------------------------------------------------- the mock upstream
MOCK_JVM_OPTS=${MOCK_JVM_OPTS:--Xms256m -Xmx256m}
declare -A MOCK_PORT MOCK_PID
start_mocks() { # delay... -> MOCK_PORT[delay], MOCK_PID[delay]
  local d p i
  for d in "$@"; do
    take_port
    p=$PORT
    # shellcheck disable=SC2086
    java $MOCK_JVM_OPTS "$BENCH_DIR/MockUpstream.java" --port "$p" --delay-ms "$d" \
      >"$WORK/mock-$d.log" 2>&1 &
    MOCK_PID[$d]=$!
    MOCK_PORT[$d]=$p
    PIDS+=("$!")
    log "mock upstream with ${d} ms delay: pid $! port $p"
  done
  for d in "$@"; do
    for i in $(seq 1 120); do
      kill -0 "${MOCK_PID[$d]}" 2>/dev/null || {
        cat "$WORK/mock-$d.log" >&2
        die "mock ($d ms) died"
      }
      grep -q '^MockUpstream listening' "$WORK/mock-$d.log" &&
        curl -fsS -o /dev/null "http://127.0.0.1:${MOCK_PORT[$d]}/health" 2>/dev/null && break
      [[ $i -lt 120 ]] || die "mock ($d ms) did not start"
      sleep 0.5
    done
  done
}

mock_stat() { # delay field
  curl -fsS "http://127.0.0.1:${MOCK_PORT[$1]}/stats" | sed -nE "s/.*\"$2\":([0-9]+).*/\1/p"
}

# ---------------------------------------------------------------- a proxy
# start_proxy NAME JAR JVM_OPTS DELAY... : a proxy with a provider "bench<delay>" per mock; sets
# PROXY_PID_OF[NAME], BASE_OF[NAME], READY_MS_OF[NAME], ADMIN_PW_OF[NAME]
declare -A PROXY_PID_OF BASE_OF READY_MS_OF ADMIN_PW_OF
start_proxy() {
  local name=$1 jar=$2 opts=$3
  shift 3
  take_port
  local port=$PORT d pid base t0 code i
  local pw
  pw="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  local args=(--server.port="$port" --llmproxy.data-dir="$WORK/data-$name" --llmproxy.admin-password="$pw")
  for d in "$@"; do
    args+=(--llmproxy.providers.bench$d.kind=openai-compatible
      --llmproxy.providers.bench$d.base-url="http://127.0.0.1:${MOCK_PORT[$d]}/v1")
  done
  # shellcheck disable=SC2086
  java $opts -jar "$jar" "${args[@]}" >"$WORK/proxy-$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  base="http://127.0.0.1:$port"
  log "proxy $name: pid $pid port $port, JVM options: $opts"
  t0=$(date +%s%N)
  for i in $(seq 1 480); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base/actuator/health/readiness" 2>/dev/null || true)
    [[ $code == 200 ]] && break
    kill -0 "$pid" 2>/dev/null || {
      tail -50 "$WORK/proxy-$name.log" >&2
      die "proxy $name died"
    }
    [[ $i -lt 480 ]] || {
      tail -50 "$WORK/proxy-$name.log" >&2
      die "proxy $name did not become ready"
    }
    sleep 0.25
  done
  PROXY_PID_OF[$name]=$pid
  BASE_OF[$name]=$base
  READY_MS_OF[$name]=$((($(date +%s%N) - t0) / 1000000))
  ADMIN_PW_OF[$name]=$pw
  log "proxy $name ready after ${READY_MS_OF[$name]} ms"
}

json_field() { sed -nE "s/.*\"$1\":\"([^\"]*)\".*/\1/p"; }

admin_token() { # NAME -> prints a bearer token
  local token
  token=$(curl -fsS "${BASE_OF[$1]}/admin/session" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"${ADMIN_PW_OF[$1]}\"}" | json_field token)
  [[ -n $token ]] || die "admin login to proxy $1 failed"
  printf '%s' "$token"
}

route_alias() { # NAME TOKEN ALIAS PROVIDER
  curl -fsS -o /dev/null -X PUT "${BASE_OF[$1]}/admin/models/$3" -H "Authorization: Bearer $2" \
    -H 'Content-Type: application/json' -d "{\"provider\":\"$4\",\"model\":\"gpt-4o-mini\"}" ||
    die "could not route $3 to $4 on proxy $1"
}

issue_key() { # NAME TOKEN KEY_NAME MODELS_JSON_ARRAY -> prints "secret id"
  local answer secret id
  answer=$(curl -fsS "${BASE_OF[$1]}/admin/keys" -H "Authorization: Bearer $2" \
    -H 'Content-Type: application/json' -d "{\"name\":\"$3\",\"models\":$4}")
  secret=$(json_field key <<<"$answer")
  id=$(json_field id <<<"$answer")
  [[ -n $secret && -n $id ]] || die "could not issue a key on proxy $1: $answer"
  printf '%s %s\n' "$secret" "$id"
}

# wrk_once SECONDS URL KEY STREAM MODEL OUT -> wrk's BENCH_RESULT line (empty when wrk gave none)
wrk_once() {
  local secs=$1 url=$2 key=$3 stream=$4 model=$5 out=$6
  BENCH_KEY=$key BENCH_STREAM=$stream BENCH_MODEL=$model \
    wrk -t"${THREADS:-2}" -c"${CONNECTIONS:-64}" -d"${secs}s" --latency -s "$BENCH_DIR/post.lua" "$url" \
    >"$out" 2>&1 || true
  grep '^BENCH_RESULT' "$out" || true
}
