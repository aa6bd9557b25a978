#!/usr/bin/env bash
# Proxy overhead benchmark: wrk against a mock OpenAI upstream, directly and through the proxy.
#
#   bench/run.sh                 build, then run the whole matrix (20 s measured runs)
#   bench/run.sh --quick         ~5 s measured runs
#   bench/run.sh --help          all options
#
# Prerequisites: JDK 17+ (java, for the proxy and for bench/MockUpstream.java), wrk, curl.
# Writes the report to bench/results/<timestamp>.md and the raw output to <timestamp>.log.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)

BUILD=1
DURATION=20
WARMUP=10
PROXY_WARMUP=120
JIT_SETTLED=10 # % of a core: below this, the proxy's JIT is taken as settled
CONNECTIONS=64
THREADS=2
DELAYS="0 50"
MODES="json sse"
KEEP=0
JFR=0
JAR=""
PROXY_JVM_OPTS=${PROXY_JVM_OPTS:--Xms512m -Xmx512m}
MOCK_JVM_OPTS=${MOCK_JVM_OPTS:--Xms256m -Xmx256m}
OUT_DIR="$BENCH_DIR/results"

usage() {
  cat <<EOF
usage: bench/run.sh [options]

  --no-build            use the existing proxy-edge/target/llm-proxy.jar
  --jar PATH            benchmark this proxy jar instead (implies --no-build)
  --quick               5 s measured runs, 3 s warm-ups, 30 s proxy warm-up
  --duration S          seconds per measured run (default $DURATION)
  --warmup S            seconds per warm-up run (default $WARMUP)
  --proxy-warmup S      at least S seconds of load through the proxy before the first scenario,
                        in 15 s runs alternating non-streaming and streaming against the first
                        upstream, then more until the proxy's JIT compiler threads use less than
                        $JIT_SETTLED % of a core, at most 2.5 × S in all (default $PROXY_WARMUP; 0 = none)
  --connections N       wrk connections (default $CONNECTIONS)
  --threads N           wrk threads (default $THREADS)
  --delays "0 50"       upstream delays in ms, space-separated (default "$DELAYS")
  --modes "json sse"    json = non-streaming, sse = stream:true (default "$MODES")
  --out DIR             where the report goes (default bench/results)
  --keep                keep the temporary data dir and process logs
  --jfr                 record a Java Flight Recording of the proxy (profile settings) over the
                        scenarios (after the proxy warm-up) into <out>/<timestamp>.jfr, and
                        summarise its execution samples in the report
  -h, --help            this text

Environment: PROXY_JVM_OPTS (default "$PROXY_JVM_OPTS"), MOCK_JVM_OPTS (default "$MOCK_JVM_OPTS").
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --jar) JAR=${2:?--jar needs a path}; BUILD=0; shift ;;
    --quick) DURATION=5; WARMUP=3; PROXY_WARMUP=30 ;;
    --duration) DURATION=${2:?--duration needs seconds}; shift ;;
    --warmup) WARMUP=${2:?--warmup needs seconds}; shift ;;
    --proxy-warmup) PROXY_WARMUP=${2:?--proxy-warmup needs seconds}; shift ;;
    --connections) CONNECTIONS=${2:?--connections needs a number}; shift ;;
    --threads) THREADS=${2:?--threads needs a number}; shift ;;
    --delays) DELAYS=${2:?--delays needs a list}; shift ;;
    --modes) MODES=${2:?--modes needs a list}; shift ;;
    --out) OUT_DIR=${2:?--out needs a directory}; shift ;;
    --keep) KEEP=1 ;;
    --jfr) JFR=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
# shellcheck source=bench/lag.sh
source "$BENCH_DIR/lag.sh"
if [[ $JFR -eq 1 ]]; then
  require_tools jcmd jfr
else
  require_tools
fi

# the ledger's group-commit counters: "batches events commit_seconds"
ledger_counters() {
  curl -fsS "$BASE/actuator/prometheus" 2>/dev/null | awk '
    $1 == "llmproxy_usage_ledger_batch_size_count" {c = $2}
    $1 == "llmproxy_usage_ledger_batch_size_sum" {e = $2}
    $1 == "llmproxy_usage_ledger_commit_seconds_sum" {t = $2}
    END {printf "%d %d %.6f\n", c, e, t}' || echo "0 0 0"
}

# ---------------------------------------------------------------- build
# what is benchmarked, as of the start
GIT_REV=$(cd "$REPO_DIR" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
GIT_DIRTY=""
[[ -z $(cd "$REPO_DIR" && git status --porcelain --untracked-files=no 2>/dev/null || true) ]] ||
  GIT_DIRTY=" (uncommitted changes)"
if [[ $BUILD -eq 1 ]]; then
  log "building the proxy (./mvnw -q -B -DskipTests package)"
  (cd "$REPO_DIR" && ./mvnw -q -B -DskipTests package)
fi
JAR_SRC=${JAR:-"$REPO_DIR/proxy-edge/target/llm-proxy.jar"}
[[ -f $JAR_SRC ]] || die "$JAR_SRC not found: run without --no-build"
JAR_SRC=$(cd "$(dirname "$JAR_SRC")" && pwd)/$(basename "$JAR_SRC")
# run a copy, so a rebuild during the benchmark cannot pull the jar out from under the proxy
cp "$JAR_SRC" "$WORK/llm-proxy.jar"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT_DIR"
REPORT="$OUT_DIR/$STAMP.md"
RAW="$OUT_DIR/$STAMP.log"
: >"$RAW"
START_EPOCH=$(date +%s)

# ---------------------------------------------------------------- mock upstreams and the proxy
# shellcheck disable=SC2086
start_mocks $DELAYS
JFR_FILE=""
[[ $JFR -eq 0 ]] || JFR_FILE="$OUT_DIR/$STAMP.jfr"
# shellcheck disable=SC2086
start_proxy proxy "$WORK/llm-proxy.jar" "$PROXY_JVM_OPTS" $DELAYS
PROXY_PID=${PROXY_PID_OF[proxy]}
BASE=${BASE_OF[proxy]}
READY_MS=${READY_MS_OF[proxy]}
TOKEN=$(admin_token proxy)
route_alias_to() { # provider
  route_alias proxy "$TOKEN" bench "$1"
}

# one key per scenario, so that the ledger can be checked per scenario (groupBy=key)
declare -A KEY KEY_ID
for s in warmup $(for d in $DELAYS; do for m in $MODES; do echo "d$d-$m"; done; done); do
  read -r KEY[$s] KEY_ID[$s] < <(issue_key proxy "$TOKEN" "bench-$s" '["bench"]')
  [[ -n ${KEY_ID[$s]} ]] || die "could not issue the key for $s"
done
AUTH=(-H "Authorization: Bearer $TOKEN")

# ---------------------------------------------------------------- load
declare -A R # R[scenario,target,field]
OTHER_LOAD="" # runs during which processes other than ours used more than 15 % of a core

# CPU ticks of the proxy's threads, by thread name without its number ("reactor-http-ep" ...)
thread_ticks() {
  local t
  for t in /proc/"$PROXY_PID"/task/*; do
    printf '%s\t%s\n' "$(tr ' ' '_' <"$t/comm" | sed -E 's/[#-]?[0-9]+$//')" \
      "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0)"
  done 2>/dev/null | awk -F'\t' '{a[$1] += $2} END {for (k in a) print k "\t" a[k]}'
}
# what a thread name counts as
THREAD_GROUPS=(
  "event loops:^reactor-http"
  "ledger writer:^usage-ledger"
  "usage projection:^(WorkPackage|Coordinator).usa"
  "event store:^EmbeddedEventSt"
  "key/route registries:^(WorkPackage|Coordinator).edg"
  "JIT:Compiler"
  "GC:^(GC_Thread|G1)"
)
declare -A TCPU # TCPU[name,group] = % of one core

# run_wrk NAME SECONDS URL KEY STREAM -> fills R[NAME,*]; CPU of wrk, mock, proxy and machine
run_wrk() {
  local name=$1 secs=$2 url=$3 key=$4 stream=$5 mock_pid=$6
  local out="$WORK/wrk-$name.txt"
  local p0 m0 b0 t0 p1 m1 b1 t1 w
  local lc0 le0 lt0 lc1 le1 lt1
  read -r lc0 le0 lt0 < <(ledger_counters)
  thread_ticks >"$out.threads0"
  p0=$(cpu_ticks "$PROXY_PID")
  m0=$(cpu_ticks "$mock_pid")
  read -r b0 t0 < <(machine_ticks)
  (
    (sleep $((secs / 2)) && top -b -n 2 -d 1 -w 200 | awk '/^top -/ {n++} n == 2' |
      head -14 >"$out.top") 2>/dev/null &
    BENCH_KEY=$key BENCH_STREAM=$stream BENCH_MODEL=bench \
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --latency -s "$BENCH_DIR/post.lua" "$url" \
      >"$out" 2>&1
    wait
    # this subshell's cutime + cstime: the CPU of the children it has waited for, i.e. wrk (+top)
    awk '{print $16 + $17}' "/proc/$BASHPID/stat" >"$out.cpu"
  )
  p1=$(cpu_ticks "$PROXY_PID")
  read -r lc1 le1 lt1 < <(ledger_counters)
  thread_ticks >"$out.threads1"
  m1=$(cpu_ticks "$mock_pid")
  read -r b1 t1 < <(machine_ticks)
  w=$(cat "$out.cpu")
  {
    echo "=== $name: $url (stream=$stream, ${secs}s)"
    cat "$out"
    echo "--- top (mid-run)"
    cat "$out.top" 2>/dev/null || true
  } >>"$RAW"
  local line
  line=$(grep '^BENCH_RESULT' "$out" || true)
  [[ -n $line ]] || { cat "$out" >&2; die "wrk gave no result for $name"; }
  local kv
  for kv in ${line#BENCH_RESULT }; do
    R[$name,${kv%%=*}]=${kv#*=}
  done
  # cross-check with wrk's own text: "Non-2xx or 3xx responses: N" (absent when there were none)
  local text_non2xx
  text_non2xx=$(sed -nE 's/^ *Non-2xx or 3xx responses: *([0-9]+).*/\1/p' "$out")
  [[ ${text_non2xx:-0} -eq ${R[$name,non2xx]} ]] ||
    log "WARNING: $name: wrk printed $text_non2xx non-2xx responses, its summary said ${R[$name,non2xx]}"
  local wall=$((t1 - t0))
  R[$name,cpu_proxy]=$(awk -v a="$p0" -v b="$p1" -v t="$secs" -v h="$CLK_TCK" 'BEGIN {printf "%.0f", (b - a) / h / t * 100}')
  R[$name,cpu_mock]=$(awk -v a="$m0" -v b="$m1" -v t="$secs" -v h="$CLK_TCK" 'BEGIN {printf "%.0f", (b - a) / h / t * 100}')
  R[$name,cpu_wrk]=$(awk -v w="$w" -v t="$secs" -v h="$CLK_TCK" 'BEGIN {printf "%.0f", w / h / t * 100}')
  R[$name,cpu_machine]=$(awk -v a="$b0" -v b="$b1" -v w="$wall" -v n="$(nproc)" 'BEGIN {printf "%.0f", (w > 0 ? (b - a) / w : 0) * 100 * n}')
  R[$name,cpu_other]=$(( ${R[$name,cpu_machine]} - ${R[$name,cpu_proxy]} - ${R[$name,cpu_mock]} - ${R[$name,cpu_wrk]} ))
  [[ ${R[$name,cpu_other]} -lt 0 ]] && R[$name,cpu_other]=0
  [[ $name == *warmup* || ${R[$name,cpu_other]} -le 15 ]] || OTHER_LOAD="$OTHER_LOAD $name:${R[$name,cpu_other]}%"
  local group label pattern
  for group in "${THREAD_GROUPS[@]}" "other:"; do
    label=${group%%:*}
    pattern=${group#*:}
    TCPU[$name,$label]=$(awk -F'\t' -v pat="$pattern" -v t="$secs" -v h="$CLK_TCK" \
      -v groups="$(printf '%s\n' "${THREAD_GROUPS[@]}" | sed 's/^[^:]*://' | paste -sd'|')" '
      FNR == NR { before[$1] = $2; next }
      { d = $2 - before[$1]
        if (pat == "" ? $1 !~ groups : $1 ~ pat) sum += d }
      END { printf "%.0f", sum / h / t * 100 }' "$out.threads0" "$out.threads1")
  done
  # group commits during the run: per second, mean events per commit, mean commit time, and the
  # share of the run's wall-clock time the writer spent committing
  R[$name,ledger]=$(awk -v c="$((lc1 - lc0))" -v e="$((le1 - le0))" -v t0="$lt0" -v t1="$lt1" -v s="$secs" 'BEGIN {
    if (c <= 0) { print "– | – | – | –"; exit }
    printf "%.0f | %.1f | %.2f | %.0f%%", c / s, e / c, (t1 - t0) / c * 1000, (t1 - t0) / s * 100 }')
  R[$name,rps]=$(awk -v r="${R[$name,requests]}" -v d="${R[$name,duration_us]}" 'BEGIN {printf "%.1f", r / (d / 1e6)}')
  log "$(printf '%-22s %9s req/s  p50 %7.2f ms  p99 %7.2f ms  non-2xx %s  CPU%% proxy %s mock %s wrk %s' \
    "$name" "${R[$name,rps]}" "$(awk -v x="${R[$name,p50_us]}" 'BEGIN {print x / 1000}')" \
    "$(awk -v x="${R[$name,p99_us]}" 'BEGIN {print x / 1000}')" "${R[$name,non2xx]}" \
    "${R[$name,cpu_proxy]}" "${R[$name,cpu_mock]}" "${R[$name,cpu_wrk]}")"
}

# hottest code in a flight recording: by thread, by library (the innermost frame outside the JDK),
# by top frame, and by the innermost frame in the proxy's own code or a library it calls for work
jfr_hot() {
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$1" | awk '
    function bucket(f,    parts, m) {
      if (f ~ /^io\.netty\./) return "Netty"
      if (f ~ /^reactor\./) return "Reactor (Core, Netty)"
      if (f ~ /^org\.springframework\.security\./) return "Spring Security"
      if (f ~ /^org\.springframework\./) return "Spring (WebFlux, core)"
      if (f ~ /^com\.fasterxml\.jackson\./) return "Jackson"
      if (f ~ /^org\.axonframework\./) return "Axon"
      if (f ~ /^org\.sqlite\./) return "SQLite JDBC"
      if (f ~ /^org\.hibernate\./) return "Hibernate"
      if (f ~ /^com\.zaxxer\./) return "HikariCP"
      if (f ~ /^io\.micrometer\./) return "Micrometer"
      if (f ~ /^com\.knuddels\./) return "jtokkit"
      if (f ~ /^io\.llmproxy\./) return "the proxy (io.llmproxy)"
      m = split(f, parts, ".")
      return parts[1] "." parts[2]
    }
    function frame(line) { sub(/^ +/, "", line); sub(/ +line:.*/, "", line); return line }
    function flush() {
      if (!inside) return
      libs[lib == "" ? "JDK only" : bucket(lib)]++
      if (own != "") owns[own]++
      inside = 0
    }
    /sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); gsub(/[0-9]+$/, "N", t); threads[t]++; n++ }
    /stackTrace = \[/ { flush(); inside = 1; depth = 0; lib = ""; own = ""; next }
    inside && /^ *\]/ { flush(); next }
    inside && /^ +[a-zA-Z]/ {
      f = frame($0); depth++
      if (depth == 1) tops[f]++
      if (lib == "" && f !~ /^(java|javax|jdk|sun|com\.sun)\./) lib = f
      if (own == "" && f ~ /^(io\.llmproxy|org\.axonframework|org\.sqlite|org\.hibernate|com\.fasterxml|com\.knuddels|org\.springframework\.security|io\.micrometer)/) {
        o = f; sub(/\(.*/, "", o); own = o }
    }
    END {
      flush()
      printf "%d execution samples (Java code only: time in native code, e.g. SQLite, and the JIT and GC threads are not sampled here)\n", n
      printf "\nby thread:\n"
      for (k in threads) printf "%6d %5.1f%%  %s\n", threads[k], 100 * threads[k] / n, k | "sort -rn | head -10"
      close("sort -rn | head -10")
      printf "\nby library (innermost frame outside the JDK):\n"
      for (k in libs) printf "%6d %5.1f%%  %s\n", libs[k], 100 * libs[k] / n, k | "sort -rn | head -14"
      close("sort -rn | head -14")
      printf "\nby innermost frame in the proxy, Axon, SQLite, Hibernate, Jackson, jtokkit, Spring Security or Micrometer:\n"
      for (k in owns) printf "%6d %5.1f%%  %s\n", owns[k], 100 * owns[k] / n, k | "sort -rn | head -20"
      close("sort -rn | head -20")
      printf "\nby top frame:\n"
      for (k in tops) printf "%6d %5.1f%%  %s\n", tops[k], 100 * tops[k] / n, k | "sort -rn | head -12"
      close("sort -rn | head -12")
    }'
}

SCENARIOS=()
declare -A UP_COMPLETED UP_ABORTED

# The proxy's JIT needs one to two minutes of load before the request path is compiled (the C2
# compiler thread alone takes most of a core meanwhile); measure the proxy warm, not cold.
WARMUP_RUNS=0
WARMUP_ANSWERS=0
WARMUP_2XX=0
WARMUP_SECONDS=0
JIT_LAST="" # the JIT's share in the last warm-up run
if [[ $PROXY_WARMUP -gt 0 ]]; then
  first_delay=${DELAYS%% *}
  route_alias_to "bench$first_delay"
  cap=$((PROXY_WARMUP * 5 / 2))
  log "proxy warm-up: at least ${PROXY_WARMUP} s through the proxy (${first_delay} ms upstream), then" \
    "until its JIT compiler threads use < ${JIT_SETTLED}% of a core (at most ${cap} s); not reported"
  slice=0
  while :; do
    secs=15
    stream=$((slice % 2))
    [[ $MODES == *sse* ]] || stream=0
    [[ $MODES == *json* ]] || stream=1
    name="proxy-warmup-$slice"
    run_wrk "$name" "$secs" "$BASE/v1/chat/completions" "${KEY[warmup]}" "$stream" \
      "${MOCK_PID[$first_delay]}"
    WARMUP_RUNS=$((WARMUP_RUNS + 1))
    WARMUP_SECONDS=$((WARMUP_SECONDS + secs))
    WARMUP_ANSWERS=$((WARMUP_ANSWERS + R[$name,requests]))
    WARMUP_2XX=$((WARMUP_2XX + R[$name,requests] - R[$name,non2xx]))
    slice=$((slice + 1))
    JIT_LAST=${TCPU[$name,JIT]}
    log "  JIT compiler threads: ${JIT_LAST}% of a core"
    [[ $WARMUP_SECONDS -lt $PROXY_WARMUP ]] && continue
    [[ ${TCPU[$name,JIT]} -lt $JIT_SETTLED || $WARMUP_SECONDS -ge $cap ]] && break
  done
fi
if [[ -n $JFR_FILE ]]; then
  jcmd "$PROXY_PID" JFR.start name=bench settings=profile >/dev/null
fi
for d in $DELAYS; do
  route_alias_to "bench$d"
  for m in $MODES; do
    s="d$d-$m"
    SCENARIOS+=("$s")
    stream=0
    [[ $m == sse ]] && stream=1
    direct="http://127.0.0.1:${MOCK_PORT[$d]}/v1/chat/completions"
    proxied="$BASE/v1/chat/completions"
    log "scenario $s: upstream delay $d ms, $([[ $stream == 1 ]] && echo streaming || echo non-streaming)"
    settle "$PROXY_PID"
    run_wrk "$s,direct-warmup" "$WARMUP" "$direct" "" "$stream" "${MOCK_PID[$d]}"
    run_wrk "$s,direct" "$DURATION" "$direct" "" "$stream" "${MOCK_PID[$d]}"
    sleep 1
    c0=$(mock_stat "$d" completed)
    a0=$(mock_stat "$d" aborted)
    run_wrk "$s,proxied-warmup" "$WARMUP" "$proxied" "${KEY[$s]}" "$stream" "${MOCK_PID[$d]}"
    lag_start "$BASE" "$WORK/lag-$s.txt"
    run_wrk "$s,proxied" "$DURATION" "$proxied" "${KEY[$s]}" "$stream" "${MOCK_PID[$d]}"
    lag_stop
    sleep 1 # let the requests wrk left in flight finish
    UP_COMPLETED[$s]=$(($(mock_stat "$d" completed) - c0))
    UP_ABORTED[$s]=$(($(mock_stat "$d" aborted) - a0))
  done
done
END_EPOCH=$(date +%s)

JFR_SUMMARY=""
if [[ $JFR -eq 1 ]]; then
  jcmd "$PROXY_PID" JFR.dump name=bench filename="$JFR_FILE" >/dev/null
  JFR_SUMMARY=$(jfr_hot "$JFR_FILE")
fi

# ---------------------------------------------------------------- ledger check
hour() { date -u -d "@$1" +%Y-%m-%dT%H:00:00Z; }
FROM=$(hour $((START_EPOCH / 3600 * 3600 - 3600)))
TO=$(hour $((END_EPOCH / 3600 * 3600 + 7200)))
SUMMARY_URL="$BASE/api/usage/summary?from=$FROM&to=$TO&groupBy=key"
log "waiting for the usage projection to settle ($SUMMARY_URL)"
summary=""
stable=0
t0=$(date +%s)
for i in $(seq 1 300); do
  now=$(curl -fsS "$SUMMARY_URL" "${AUTH[@]}" || true)
  if [[ -n $now && $now == "$summary" ]]; then
    stable=$((stable + 1))
    [[ $stable -ge 2 ]] && break
  else
    stable=0
  fi
  summary=$now
  sleep 2
done
PROJECTION_WAIT=$(($(date +%s) - t0))
log "projection settled after ~${PROJECTION_WAIT} s"
echo "=== usage summary: $summary" >>"$RAW"

ledger_of() { # key id, field
  grep -oE "\"key\":\"$1\"\},\"totals\":\{[^}]*\}" <<<"$summary" |
    sed -nE "s/.*\"$2\":([0-9]+).*/\1/p" | head -1
}

METRICS=$(curl -fsS "$BASE/actuator/prometheus" | grep -E '^llmproxy_usage_ledger_(batch_size|commit|queue)' || true)

# ---------------------------------------------------------------- report
ms() { awk -v x="$1" 'BEGIN {printf "%.2f", x / 1000}'; }
signed_ms() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.2f", (a - b) / 1000}'; }
int() { awk -v x="$1" 'BEGIN {printf "%.0f", x}'; }

verdict() { # scenario delay
  local s=$1 d=$2
  local nd=${R[$s,direct,non2xx]} np=${R[$s,proxied,non2xx]}
  if [[ $np -gt 0 || $nd -gt 0 || -n $(socket_errors "$s") ]]; then
    echo "not measurable: non-2xx or socket errors"
    return
  fi
  if [[ $d -eq 0 ]]; then
    awk -v r="${R[$s,proxied,rps]}" 'BEGIN {
      if (r >= 5000) print "PASS (≥ 5,000 req/s)"; else print "FAIL (< 5,000 req/s)" }'
  else
    awk -v pr="${R[$s,proxied,rps]}" -v dr="${R[$s,direct,rps]}" \
      -v p50="$(((R[$s,proxied,p50_us] - R[$s,direct,p50_us])))" \
      -v p99="$(((R[$s,proxied,p99_us] - R[$s,direct,p99_us])))" 'BEGIN {
      f = ""
      if (pr < 0.95 * dr) f = f " ratio<0.95"
      if (p50 > 1000) f = f " +p50>1ms"
      if (p99 > 5000) f = f " +p99>5ms"
      print (f == "" ? "PASS" : "FAIL:" f) }'
  fi
}

socket_errors() { # scenario -> " (+N socket errors)" if wrk saw any, on either target
  local n=0 t f
  for t in direct proxied; do
    for f in connect read write timeout; do n=$((n + ${R[$1,$t,$f]})); done
  done
  [[ $n -eq 0 ]] || echo " (+$n socket errors)"
}

TABLE=$(
  echo "| scenario | direct req/s | proxied req/s | proxied/direct | direct p50 / p99 ms | proxied p50 / p99 ms | added p50 / p99 ms | non-2xx direct / proxied | target | verdict |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
  for s in "${SCENARIOS[@]}"; do
    d=${s#d}; d=${d%%-*}
    m=${s#*-}
    label="${d} ms, $([[ $m == sse ]] && echo streaming || echo non-streaming)"
    if [[ $d -eq 0 ]]; then target="proxied ≥ 5,000 req/s"; else target="≥ 0.95×, +p50 ≤ 1 ms, +p99 ≤ 5 ms"; fi
    printf '| %s | %s | %s | %s | %s / %s | %s / %s | %s / %s | %s / %s | %s | %s |\n' \
      "$label" "$(int "${R[$s,direct,rps]}")" "$(int "${R[$s,proxied,rps]}")" \
      "$(awk -v a="${R[$s,proxied,rps]}" -v b="${R[$s,direct,rps]}" 'BEGIN {printf "%.3f", a / b}')" \
      "$(ms "${R[$s,direct,p50_us]}")" "$(ms "${R[$s,direct,p99_us]}")" \
      "$(ms "${R[$s,proxied,p50_us]}")" "$(ms "${R[$s,proxied,p99_us]}")" \
      "$(signed_ms "${R[$s,proxied,p50_us]}" "${R[$s,direct,p50_us]}")" \
      "$(signed_ms "${R[$s,proxied,p99_us]}" "${R[$s,direct,p99_us]}")" \
      "${R[$s,direct,non2xx]}" "${R[$s,proxied,non2xx]}$(socket_errors "$s")" "$target" "$(verdict "$s" "$d")"
  done
)

CPU_TABLE=$(
  echo "| scenario | run | proxy | mock | wrk | whole machine | other processes |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for s in "${SCENARIOS[@]}"; do
    for t in direct proxied; do
      printf '| %s | %s | %s%% | %s%% | %s%% | %s%% | %s%% |\n' "$s" "$t" "${R[$s,$t,cpu_proxy]}" \
        "${R[$s,$t,cpu_mock]}" "${R[$s,$t,cpu_wrk]}" "${R[$s,$t,cpu_machine]}" "${R[$s,$t,cpu_other]}"
    done
  done
)

LEDGER_RUN_TABLE=$(
  echo "| scenario, proxied | proxied req/s | group commits/s | events per commit | mean commit ms | writer committing |"
  echo "|---|---:|---:|---:|---:|---:|"
  for s in "${SCENARIOS[@]}"; do
    echo "| $s | $(int "${R[$s,proxied,rps]}") | ${R[$s,proxied,ledger]} |"
  done
)

THREAD_TABLE=$(
  header="| scenario, proxied | proxy total"
  rule="|---|---:"
  for group in "${THREAD_GROUPS[@]}" "other:"; do
    header="$header | ${group%%:*}"
    rule="$rule|---:"
  done
  echo "$header |"
  echo "$rule|"
  for s in "${SCENARIOS[@]}"; do
    row="| $s | ${R[$s,proxied,cpu_proxy]}%"
    for group in "${THREAD_GROUPS[@]}" "other:"; do
      row="$row | ${TCPU[$s,proxied,${group%%:*}]}%"
    done
    echo "$row |"
  done
)

LEDGER_OK=1
# ledger_row NAME ANSWERED OK2XX RUNS KEY_ID UPSTREAM
ledger_row() {
  local name=$1 answered=$2 ok2xx=$3 runs=$4 id=$5 upstream=$6
  local ledger prompt completion with_usage slack hi check
  ledger=$(ledger_of "$id" requests)
  ledger=${ledger:-0}
  prompt=$(ledger_of "$id" prompt_tokens)
  completion=$(ledger_of "$id" completion_tokens)
  completion=${completion:-0}
  with_usage=$((completion / 5))
  slack=$((runs * CONNECTIONS))
  hi=$((answered + slack))
  if [[ $ledger -ge $ok2xx && $ledger -le $hi && $with_usage -ge $ok2xx && $with_usage -le $ledger ]]; then
    check=OK
  else
    check=MISMATCH
  fi
  printf '| %s | %s | %s | %s | %+d | %s … %s | %s | %s / %s | %s | %s |\n' \
    "$name" "$answered" "$ok2xx" "$ledger" "$((ledger - ok2xx))" "$ok2xx" "$hi" \
    "$with_usage" "${prompt:-0}" "$completion" "$upstream" "$check"
}
LEDGER_TABLE=$(
  echo "| scenario | proxied answers (wrk) | of which 2xx | ledger entries | ledger − 2xx | allowed | entries with the upstream's usage (completion tokens ÷ 5) | prompt / completion tokens | upstream answers (mock): completed (aborted) | check |"
  echo "|---|---:|---:|---:|---:|---|---:|---:|---|---|"
  if [[ $WARMUP_RUNS -gt 0 ]]; then
    ledger_row "proxy warm-up ($WARMUP_RUNS runs)" "$WARMUP_ANSWERS" "$WARMUP_2XX" "$WARMUP_RUNS" \
      "${KEY_ID[warmup]}" "–"
  fi
  for s in "${SCENARIOS[@]}"; do
    answered=$((R[$s,proxied-warmup,requests] + R[$s,proxied,requests]))
    ok2xx=$((answered - R[$s,proxied-warmup,non2xx] - R[$s,proxied,non2xx]))
    ledger_row "$s" "$answered" "$ok2xx" 2 "${KEY_ID[$s]}" "${UP_COMPLETED[$s]} (${UP_ABORTED[$s]})"
  done
)
grep -q MISMATCH <<<"$LEDGER_TABLE" && LEDGER_OK=0

metric() { awk -v n="$1" '$1 == n {print $2}' <<<"$METRICS"; }
BATCH_COUNT=$(metric llmproxy_usage_ledger_batch_size_count)
BATCH_SUM=$(metric llmproxy_usage_ledger_batch_size_sum)
BATCH_MAX=$(metric llmproxy_usage_ledger_batch_size_max)
COMMIT_COUNT=$(metric llmproxy_usage_ledger_commit_seconds_count)
COMMIT_SUM=$(metric llmproxy_usage_ledger_commit_seconds_sum)
COMMIT_MAX=$(metric llmproxy_usage_ledger_commit_seconds_max)
LEDGER_SUMMARY=$(awk -v bc="${BATCH_COUNT:-0}" -v bs="${BATCH_SUM:-0}" -v bm="${BATCH_MAX:-0}" \
  -v cc="${COMMIT_COUNT:-0}" -v cs="${COMMIT_SUM:-0}" -v cm="${COMMIT_MAX:-0}" 'BEGIN {
  printf "%d group commits for %d usage events: mean batch %.1f events (max in the last window %d); ",
    bc, bs, (bc > 0 ? bs / bc : 0), bm
  printf "mean commit %.2f ms (max in the last window %.2f ms); writer busy %.1f s in total",
    (cc > 0 ? cs / cc * 1000 : 0), cm * 1000, cs }')

CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
RAM=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
JAVA_VERSION=$(java -version 2>&1 | head -1)
WRK_VERSION=$( (wrk --version 2>&1 || true) | head -1 | awk '{print $1, $2}')
HYPERVISOR=$( (lscpu 2>/dev/null || true) | sed -nE 's/^Hypervisor vendor: *(.*)/, \1 guest/p')

{
  echo "# LLM Proxy benchmark, $STAMP"
  echo
  if [[ -n $JAR ]]; then
    echo "Proxy: \`$JAR_SRC\` (given with --jar); repository at \`$GIT_REV\`$GIT_DIRTY."
  else
    echo "Proxy built from commit \`$GIT_REV\`$GIT_DIRTY."
  fi
  echo "Machine: $(nproc) CPUs ($CPU_MODEL$HYPERVISOR), $RAM RAM, Linux $(uname -r); $JAVA_VERSION; $WRK_VERSION."
  echo "wrk: $THREADS threads, $CONNECTIONS connections, ${WARMUP} s warm-up then ${DURATION} s measured, per target;"
  echo "before the first scenario, ${WARMUP_SECONDS} s of load through the proxy to warm its JIT (not reported; at least"
  echo "${PROXY_WARMUP} s, then until its JIT compiler threads used < ${JIT_SETTLED}% of a core in a 15 s run)."
  echo "Proxy JVM: \`$PROXY_JVM_OPTS\` (ready in ${READY_MS} ms); mock JVM: \`$MOCK_JVM_OPTS\`."
  echo "Latencies are wrk's, to the last byte of the response. Added = proxied − direct."
  if [[ -n $JIT_LAST && $JIT_LAST -ge $JIT_SETTLED ]]; then
    echo
    echo "**The proxy's JIT had not settled when the warm-up ended (compiler threads at ${JIT_LAST}% of a core"
    echo "in its last run): the proxied numbers below are pessimistic. Use a longer --proxy-warmup.**"
  fi
  echo
  echo "$TABLE"
  echo
  echo "## CPU during the measured runs (% of one core; the machine has $(nproc))"
  echo
  echo "$CPU_TABLE"
  echo
  echo "The proxy's threads during the proxied measured runs (% of one core; \"other\" includes Reactor's"
  echo "boundedElastic pool, Hikari, JFR and the JVM's service threads):"
  echo
  echo "$THREAD_TABLE"
  echo
  if [[ -n $OTHER_LOAD ]]; then
    echo "**Other processes used more than 15 % of a core during:${OTHER_LOAD}. Those numbers are disturbed.**"
    echo
  fi
  echo "## Ledger check"
  echo
  echo "Ledger requests per scenario key from \`GET /api/usage/summary?from=$FROM&to=$TO&groupBy=key\`,"
  echo "after the projection settled (~${PROJECTION_WAIT} s). Answers counted by wrk over the warm-up and the"
  echo "measured run. Every 2xx answer must be in the ledger; the ledger may hold up to $CONNECTIONS more per wrk"
  echo "run: requests still in flight when wrk stopped, which the proxy records too (outcome client_cancelled,"
  echo "estimated prompt tokens, no completion). The mock reports 12 prompt + 5 completion tokens per answer,"
  echo "so completion tokens ÷ 5 counts the entries that carry the upstream's usage: at least every 2xx answer."
  echo
  echo "$LEDGER_TABLE"
  echo
  echo "Ledger group commit over the whole run (warm-ups included): $LEDGER_SUMMARY."
  echo
  echo "During each proxied measured run (from the same metrics, scraped before and after it; \"writer"
  echo "committing\" = commit time ÷ the run's duration, 100 % = the single writer never idle):"
  echo
  echo "$LEDGER_RUN_TABLE"
  echo
  echo '```'
  echo "$METRICS"
  echo '```'
  echo
  echo "## Processor lag during the proxied measured runs"
  echo
  echo "\`llmproxy_processor_lag_seconds\` (age of the oldest event a processor has not handled) sampled once"
  echo "a second by \`bench/lag.sh\`; the target is at most 2 s throughout."
  for s in "${SCENARIOS[@]}"; do
    echo
    echo "### $s"
    echo
    lag_report "$WORK/lag-$s.txt" || echo "**A processor's lag went over 2 s (or was never known) during $s.**"
  done
  if [[ -n $JFR_SUMMARY ]]; then
    echo
    echo "## Where the proxy's CPU went (JFR execution samples over the scenarios: \`$(basename "$JFR_FILE")\`)"
    echo
    echo '```'
    echo "$JFR_SUMMARY"
    echo '```'
  fi
} >"$REPORT"

cat "$REPORT"
log "report: $REPORT (raw wrk output: $RAW)"
[[ $LEDGER_OK -eq 1 ]] || log "WARNING: the ledger does not match the answers"
