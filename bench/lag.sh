#!/usr/bin/env bash
# Do the projections keep up with the edge? Samples every event processor's lag
# (llmproxy_processor_lag_seconds and _events on /actuator/prometheus) once a second while wrk
# loads the proxy, and reports the maximum per processor and how long they took to drain after.
#
#   bench/lag.sh                         mock upstream + this tree's jar, 30 s warm-up, 60 s measured
#   bench/lag.sh --jar PATH --duration 120 --connections 128
#   bench/lag.sh --url http://127.0.0.1:8080 --seconds 60    only sample a proxy someone else loads
#
# Another script can source it and call lag_start BASE_URL FILE / lag_stop / lag_report FILE
# around its own load (sourcing runs nothing). Prerequisites: as bench/run.sh (JDK 17+, wrk, curl).

# lag_start BASE_URL FILE: appends "epoch_s processor seconds events" lines to FILE once a second
# in the background until lag_stop; sets LAG_PID
lag_start() {
  local base=$1 file=$2
  : >"$file"
  (
    while :; do
      now=$(date +%s.%N)
      curl -fsS --max-time 2 "$base/actuator/prometheus" 2>/dev/null | awk -v now="$now" '
        /^llmproxy_processor_lag_(seconds|events)\{/ {
          match($0, /processor="[^"]*"/)
          p = substr($0, RSTART + 11, RLENGTH - 12)
          if ($1 ~ /^llmproxy_processor_lag_seconds/) s[p] = $NF; else e[p] = $NF
        }
        END { for (p in s) printf "%s %s %s %s\n", now, p, s[p], (p in e ? e[p] : "NaN") }' \
        >>"$file" || true
      sleep 1
    done
  ) &
  LAG_PID=$!
}

lag_stop() {
  if [[ -n ${LAG_PID:-} ]]; then
    kill "$LAG_PID" 2>/dev/null || true
    wait "$LAG_PID" 2>/dev/null || true
  fi
  LAG_PID=""
  return 0
}

# lag_report FILE [CEILING_S]: a Markdown table of samples and maximum lag per processor; exit
# status 3 when a processor's lag went over CEILING_S (default 2) or was never known (NaN only)
lag_report() {
  awk -v ceiling="${2:-2}" '
    { p = $2; n[p]++
      if ($3 == "NaN") { nan[p]++; next }
      if (!(p in s) || $3 + 0 > s[p]) s[p] = $3 + 0
      if (!(p in e) || $4 + 0 > e[p]) e[p] = $4 + 0 }
    END {
      print "| processor | samples | max lag s | max lag events | NaN samples |"
      print "|---|---:|---:|---:|---:|"
      bad = 0
      for (p in n) {
        printf "| %s | %d | %.2f | %d | %d |\n", p, n[p], s[p], e[p], nan[p]
        if (!(p in s) || s[p] > ceiling) bad = 1
      }
      exit bad * 3
    }' "$1" | { read -r header; read -r rule; printf '%s\n%s\n' "$header" "$rule"; sort; }
  return "${PIPESTATUS[0]}"
}

# lag_drain BASE_URL TIMEOUT_S: seconds until every processor reports 0 lag (or TIMEOUT_S)
lag_drain() {
  local base=$1 timeout=$2 t0 busy
  t0=$(date +%s.%N)
  while :; do
    busy=$(curl -fsS --max-time 2 "$base/actuator/prometheus" 2>/dev/null |
      awk '/^llmproxy_processor_lag_events\{/ {seen = 1; if ($NF != "0.0") b++}
        END {print seen ? b + 0 : -1}' || true)
    [[ $busy -eq 0 ]] && break
    awk -v a="$t0" -v b="$(date +%s.%N)" -v t="$timeout" 'BEGIN {exit !(b - a > t)}' && break
    sleep 0.2
  done
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f\n", b - a}'
}

lag_main() {
  set -euo pipefail
  local BENCH_DIR REPO_DIR
  BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
  local jar="$REPO_DIR/proxy-edge/target/llm-proxy.jar" url="" seconds=60 warmup=30
  local delay=0 stream=0
  CONNECTIONS=64
  THREADS=2
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --jar) jar=${2:?}; shift ;;
      --url) url=${2:?}; shift ;;
      --seconds | --duration) seconds=${2:?}; shift ;;
      --warmup) warmup=${2:?}; shift ;;
      --connections) CONNECTIONS=${2:?}; shift ;;
      --threads) THREADS=${2:?}; shift ;;
      --delay) delay=${2:?}; shift ;;
      --stream) stream=1 ;;
      -h | --help) sed -n '2,12p' "${BASH_SOURCE[0]}"; return 0 ;;
      *) echo "unknown option: $1" >&2; return 2 ;;
    esac
    shift
  done
  local samples
  if [[ -n $url ]]; then
    samples=$(mktemp)
    lag_start "$url" "$samples"
    trap 'lag_stop' EXIT
    sleep "$seconds"
    lag_stop
    lag_report "$samples"
    return
  fi

  # shellcheck source=bench/lib.sh
  source "$BENCH_DIR/lib.sh"
  require_tools
  [[ -f $jar ]] || die "$jar not found: ./mvnw -q -B -DskipTests package"
  cp "$jar" "$WORK/llm-proxy.jar"
  samples="$WORK/lag-samples.txt"
  start_mocks "$delay"
  start_proxy lag "$WORK/llm-proxy.jar" "${PROXY_JVM_OPTS:--Xms512m -Xmx512m}" "$delay"
  local base=${BASE_OF[lag]} token key
  token=$(admin_token lag)
  route_alias lag "$token" bench "bench$delay"
  read -r key _ < <(issue_key lag "$token" bench-lag '["bench"]')
  local target="$base/v1/chat/completions" line
  if [[ $warmup -gt 0 ]]; then
    log "warm-up: ${warmup} s of load"
    wrk_once "$warmup" "$target" "$key" "$stream" bench "$WORK/wrk-warmup.txt" >/dev/null
    log "warm-up drained in $(lag_drain "$base" 120) s"
  fi
  log "measured: ${seconds} s, ${CONNECTIONS} connections, lag sampled once a second"
  lag_start "$base" "$samples"
  line=$(wrk_once "$seconds" "$target" "$key" "$stream" bench "$WORK/wrk.txt")
  local drained
  drained=$(lag_drain "$base" 300)
  lag_stop
  [[ -n $line ]] || { cat "$WORK/wrk.txt" >&2; die "wrk gave no result"; }
  local requests duration non2xx
  requests=$(sed -nE 's/.* requests=([0-9]+).*/\1/p' <<<"$line")
  duration=$(sed -nE 's/.* duration_us=([0-9]+).*/\1/p' <<<"$line")
  non2xx=$(sed -nE 's/.* non2xx=([0-9]+).*/\1/p' <<<"$line")
  printf 'load: %s requests in %.1f s = %.0f req/s (non-2xx %s), load average %s\n' \
    "$requests" "$(awk -v d="$duration" 'BEGIN {print d / 1e6}')" \
    "$(awk -v r="$requests" -v d="$duration" 'BEGIN {print r / d * 1e6}')" "$non2xx" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'every processor back at the head %s s after the load ended\n\n' "$drained"
  lag_report "$samples"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  lag_main "$@"
fi
