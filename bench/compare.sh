#!/usr/bin/env bash
# Regression guard: two proxy jars against the same mock upstreams in one run, interleaved.
#
#   bench/compare.sh OLD.jar NEW.jar            3 rounds of 15 s per jar and scenario: ~15 min
#   bench/compare.sh --quick OLD.jar NEW.jar    2 rounds of 8 s: ~6 min
#   bench/compare.sh --help                     all options
#
# Both proxies run side by side for the whole comparison (same JVM options, their own SQLite data
# folders); only one of them is under load at a time. Each scenario (upstream delay × streaming or
# not) is measured round by round, the jars' order alternating (old, new, then new, old, ...) so
# that a drift of the machine weighs on both, and the mock is measured directly in every round.
# The report gives, per scenario, the medians over the rounds and new ÷ old; the guard: at every
# scenario new throughput ≥ 0.97 × old, and with an upstream delay added p50 ≤ +0.2 ms over old.
# Exit status 3 when the guard fails, so a release script can stop on it.
#
# Prerequisites: those of run.sh (JDK 17+, wrk, curl, Linux).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ROUNDS=3
DURATION=15
WARMUP=5
PROXY_WARMUP=150
CONNECTIONS=64
THREADS=2
DELAYS="0 50"
MODES="json sse"
MIN_RATIO=0.97
MAX_ADDED_P50_MS=0.2
PROXY_JVM_OPTS=${PROXY_JVM_OPTS:--Xms512m -Xmx512m}
OUT_DIR="$BENCH_DIR/results"
KEEP=0

usage() {
  cat <<EOF
usage: bench/compare.sh [options] OLD.jar NEW.jar

  --quick               2 rounds, 8 s measured runs, 3 s warm-ups, 90 s proxy warm-up
  --rounds N            measured runs per jar and scenario (default $ROUNDS)
  --duration S          seconds per measured run (default $DURATION)
  --warmup S            seconds of load before each measured run, same target (default $WARMUP)
  --proxy-warmup S      seconds of load through each proxy before the first scenario, in 15 s
                        runs alternating the modes and the jars (default $PROXY_WARMUP)
  --connections N       wrk connections (default $CONNECTIONS)
  --threads N           wrk threads (default $THREADS)
  --delays "0 50"       upstream delays in ms (default "$DELAYS")
  --modes "json sse"    json = non-streaming, sse = stream:true (default "$MODES")
  --min-ratio R         guard: new ÷ old throughput at least R (default $MIN_RATIO)
  --max-added-p50 MS    guard: with a delay, new p50 − old p50 at most MS (default $MAX_ADDED_P50_MS)
  --out DIR             where the report goes (default bench/results)
  --keep                keep the temporary data folders and process logs
  -h, --help            this text

Environment: PROXY_JVM_OPTS (both proxies; default "$PROXY_JVM_OPTS"), MOCK_JVM_OPTS.
EOF
}

JARS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) ROUNDS=2; DURATION=8; WARMUP=3; PROXY_WARMUP=90 ;;
    --rounds) ROUNDS=${2:?--rounds needs a number}; shift ;;
    --duration) DURATION=${2:?--duration needs seconds}; shift ;;
    --warmup) WARMUP=${2:?--warmup needs seconds}; shift ;;
    --proxy-warmup) PROXY_WARMUP=${2:?--proxy-warmup needs seconds}; shift ;;
    --connections) CONNECTIONS=${2:?--connections needs a number}; shift ;;
    --threads) THREADS=${2:?--threads needs a number}; shift ;;
    --delays) DELAYS=${2:?--delays needs a list}; shift ;;
    --modes) MODES=${2:?--modes needs a list}; shift ;;
    --min-ratio) MIN_RATIO=${2:?--min-ratio needs a number}; shift ;;
    --max-added-p50) MAX_ADDED_P50_MS=${2:?--max-added-p50 needs milliseconds}; shift ;;
    --out) OUT_DIR=${2:?--out needs a directory}; shift ;;
    --keep) KEEP=1 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    *) JARS+=("$1") ;;
  esac
  shift
done
[[ ${#JARS[@]} -eq 2 ]] || { usage >&2; exit 2; }

# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
require_tools

declare -A JAR_OF=([old]=${JARS[0]} [new]=${JARS[1]})
for side in old new; do
  [[ -f ${JAR_OF[$side]} ]] || die "${JAR_OF[$side]} not found"
  # run copies, so a rebuild during the comparison cannot pull a jar out from under its proxy
  cp "${JAR_OF[$side]}" "$WORK/$side.jar"
done

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT_DIR"
REPORT="$OUT_DIR/compare-$STAMP.md"
RAW="$OUT_DIR/compare-$STAMP.log"
: >"$RAW"

# shellcheck disable=SC2086
start_mocks $DELAYS
declare -A KEY
MODEL_LIST=$(for d in $DELAYS; do printf '"bench%s",' "$d"; done)
MODEL_LIST="[${MODEL_LIST%,}]"
for side in old new; do
  # shellcheck disable=SC2086
  start_proxy "$side" "$WORK/$side.jar" "$PROXY_JVM_OPTS" $DELAYS
  token=$(admin_token "$side")
  for d in $DELAYS; do route_alias "$side" "$token" "bench$d" "bench$d"; done
  read -r KEY[$side] _ < <(issue_key "$side" "$token" compare "$MODEL_LIST")
  [[ -n ${KEY[$side]} ]] || die "could not issue a key on proxy $side"
done

declare -A R # R[scenario,side,round,field]; side is old, new or direct

measure() { # NAME SECONDS SIDE DELAY STREAM -> fills R[NAME,*] with rps p50_us p99_us non2xx errors cpu_us_per_request
  local name=$1 secs=$2 side=$3 d=$4 stream=$5
  local url key pid line kv c0 c1
  if [[ $side == direct ]]; then
    url="http://127.0.0.1:${MOCK_PORT[$d]}/v1/chat/completions"
    key=""
    pid=${MOCK_PID[$d]}
  else
    url="${BASE_OF[$side]}/v1/chat/completions"
    key=${KEY[$side]}
    pid=${PROXY_PID_OF[$side]}
  fi
  c0=$(cpu_ticks "$pid")
  line=$(THREADS=$THREADS CONNECTIONS=$CONNECTIONS wrk_once "$secs" "$url" "$key" "$stream" "bench$d" "$WORK/wrk.txt")
  c1=$(cpu_ticks "$pid")
  {
    echo "=== $name: $url (stream=$stream, ${secs}s)"
    cat "$WORK/wrk.txt"
  } >>"$RAW"
  [[ -n $line ]] || { cat "$WORK/wrk.txt" >&2; die "wrk gave no result for $name"; }
  for kv in ${line#BENCH_RESULT }; do
    R[$name,${kv%%=*}]=${kv#*=}
  done
  R[$name,rps]=$(awk -v r="${R[$name,requests]}" -v d="${R[$name,duration_us]}" 'BEGIN {printf "%.1f", r / (d / 1e6)}')
  R[$name,errors]=$((R[$name,non2xx] + R[$name,connect] + R[$name,read] + R[$name,write] + R[$name,timeout]))
  R[$name,cpu_us]=$(awk -v a="$c0" -v b="$c1" -v h="$CLK_TCK" -v n="${R[$name,requests]}" \
    'BEGIN {printf "%.0f", (n > 0 ? (b - a) / h * 1e6 / n : 0)}')
  log "$(printf '%-26s %9s req/s  p50 %7.2f ms  p99 %7.2f ms  errors %s  CPU %s µs/request' "$name" \
    "${R[$name,rps]}" "$(awk -v x="${R[$name,p50_us]}" 'BEGIN {print x / 1000}')" \
    "$(awk -v x="${R[$name,p99_us]}" 'BEGIN {print x / 1000}')" "${R[$name,errors]}" "${R[$name,cpu_us]}")"
}

if [[ $PROXY_WARMUP -gt 0 ]]; then
  first=${DELAYS%% *}
  log "proxy warm-up: ${PROXY_WARMUP} s through each proxy (${first} ms upstream), interleaved; not reported"
  slice=0
  for ((done_s = 0; done_s < PROXY_WARMUP; done_s += 15)); do
    stream=$((slice % 2))
    [[ $MODES == *sse* ]] || stream=0
    [[ $MODES == *json* ]] || stream=1
    for side in old new; do measure "warmup-$slice,$side" 15 "$side" "$first" "$stream"; done
    slice=$((slice + 1))
  done
fi

SCENARIOS=()
for d in $DELAYS; do
  for m in $MODES; do
    s="d$d-$m"
    SCENARIOS+=("$s")
    stream=0
    [[ $m == sse ]] && stream=1
    for ((round = 1; round <= ROUNDS; round++)); do
      order="old new"
      ((round % 2 == 0)) && order="new old"
      for side in direct $order; do
        settle "${PROXY_PID_OF[old]}" "${PROXY_PID_OF[new]}"
        measure "$s,$side,$round-warmup" "$WARMUP" "$side" "$d" "$stream"
        measure "$s,$side,$round" "$DURATION" "$side" "$d" "$stream"
      done
    done
  done
done

# ---------------------------------------------------------------- report
median() { # values... -> the median
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
med() { # scenario side field
  local vals=() round
  for ((round = 1; round <= ROUNDS; round++)); do vals+=("${R[$1,$2,$round,$3]}"); done
  median "${vals[@]}"
}
errors_of() { # scenario side -> sum over the measured runs
  local n=0 round
  for ((round = 1; round <= ROUNDS; round++)); do n=$((n + R[$1,$2,$round,errors])); done
  echo "$n"
}

GUARD_OK=1
TABLE=$(
  echo "| scenario | direct req/s | old req/s | new req/s | new ÷ old | old p50 / p99 ms | new p50 / p99 ms | new − old p50 / p99 ms | CPU µs/request old / new | errors old / new | guard |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for s in "${SCENARIOS[@]}"; do
    d=${s#d}
    d=${d%%-*}
    m=${s#*-}
    label="${d} ms, $([[ $m == sse ]] && echo streaming || echo non-streaming)"
    dr=$(med "$s" direct rps)
    or=$(med "$s" old rps)
    nr=$(med "$s" new rps)
    op50=$(med "$s" old p50_us)
    np50=$(med "$s" new p50_us)
    op99=$(med "$s" old p99_us)
    np99=$(med "$s" new p99_us)
    eo=$(errors_of "$s" old)
    en=$(errors_of "$s" new)
    verdict=$(awk -v o="$or" -v n="$nr" -v op="$op50" -v np="$np50" -v d="$d" -v r="$MIN_RATIO" \
      -v p="$MAX_ADDED_P50_MS" -v eo="$eo" -v en="$en" 'BEGIN {
      f = ""
      if (en > 0 && eo == 0) f = f " errors"
      if (n < r * o) f = f sprintf(" ratio<%s", r)
      if (d > 0 && (np - op) / 1000 > p) f = f sprintf(" p50>+%sms", p)
      print (f == "" ? "ok" : "REGRESSION:" f) }')
    printf '| %s | %.0f | %.0f | %.0f | %.3f | %.2f / %.2f | %.2f / %.2f | %+.2f / %+.2f | %s / %s | %s / %s | %s |\n' \
      "$label" "$dr" "$or" "$nr" "$(awk -v a="$nr" -v b="$or" 'BEGIN {print a / b}')" \
      "$(awk -v x="$op50" 'BEGIN {print x / 1000}')" "$(awk -v x="$op99" 'BEGIN {print x / 1000}')" \
      "$(awk -v x="$np50" 'BEGIN {print x / 1000}')" "$(awk -v x="$np99" 'BEGIN {print x / 1000}')" \
      "$(awk -v a="$np50" -v b="$op50" 'BEGIN {print (a - b) / 1000}')" \
      "$(awk -v a="$np99" -v b="$op99" 'BEGIN {print (a - b) / 1000}')" \
      "$(med "$s" old cpu_us)" "$(med "$s" new cpu_us)" "$eo" "$en" "$verdict"
  done
)
grep -q REGRESSION <<<"$TABLE" && GUARD_OK=0

ROUNDS_TABLE=$(
  echo "| scenario | round | direct req/s | old req/s | new req/s | old p50 ms | new p50 ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for s in "${SCENARIOS[@]}"; do
    for ((round = 1; round <= ROUNDS; round++)); do
      printf '| %s | %d | %.0f | %.0f | %.0f | %.2f | %.2f |\n' "$s" "$round" "${R[$s,direct,$round,rps]}" \
        "${R[$s,old,$round,rps]}" "${R[$s,new,$round,rps]}" \
        "$(awk -v x="${R[$s,old,$round,p50_us]}" 'BEGIN {print x / 1000}')" \
        "$(awk -v x="${R[$s,new,$round,p50_us]}" 'BEGIN {print x / 1000}')"
    done
  done
)

CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
  echo "# LLM Proxy comparison, $STAMP"
  echo
  echo "old: \`${JAR_OF[old]}\` (ready in ${READY_MS_OF[old]} ms); new: \`${JAR_OF[new]}\` (ready in ${READY_MS_OF[new]} ms)."
  echo "Machine: $(nproc) CPUs ($CPU_MODEL), Linux $(uname -r); $(java -version 2>&1 | head -1)."
  echo "Both proxies: \`$PROXY_JVM_OPTS\`; wrk $THREADS threads, $CONNECTIONS connections; per scenario $ROUNDS rounds"
  echo "of ${WARMUP} s warm-up + ${DURATION} s measured per target, order alternating; ${PROXY_WARMUP} s proxy warm-up each."
  echo "Medians over the rounds. Guard: new ÷ old ≥ $MIN_RATIO everywhere; with a delay, new − old p50 ≤ +$MAX_ADDED_P50_MS ms."
  echo
  echo "$TABLE"
  echo
  echo "Every round:"
  echo
  echo "$ROUNDS_TABLE"
  echo
  if [[ $GUARD_OK -eq 1 ]]; then echo "Guard: **passed**."; else echo "Guard: **failed**."; fi
} >"$REPORT"
cat "$REPORT"
log "report: $REPORT (raw wrk output: $RAW)"
[[ $GUARD_OK -eq 1 ]] || exit 3
