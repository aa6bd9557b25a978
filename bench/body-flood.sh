#!/usr/bin/env bash
# Waves of fifty large request bodies at once (anonymous, malformed, keyed for an unknown and for a
# real alias, sign-in passwords) against one proxy node sized as the container image sizes it: the
# Dockerfile's JVM flags and -XX:MaxRAM=<limit>. Prints, per wave, the statuses and the largest heap
# a collection found, and whether the node survived; used to size llmproxy.body-memory (docs/operations.md,
# "Sizing").
#
#   bench/body-flood.sh [--limit 1g] [--body-memory 41MB] [--body-size 16MB] [--budgets "32MB 48MB 64MB"]
#
# It runs ContainerHeapFloodTest (proxy-edge), which starts the node as its own JVM from the test
# class path: no packaged jar is needed. --budgets runs it once per budget. A run fails (and says
# so) when the node ran out of memory, died, answered anything but the expected statuses, or
# recorded a refused request. Prerequisites: JDK 17+.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LIMIT=1g
BODY_SIZE=16MB
BUDGETS=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --limit) LIMIT=$2; shift ;;
    --body-memory) BUDGETS=$2; shift ;;
    --budgets) BUDGETS=$2; shift ;;
    --body-size) BODY_SIZE=$2; shift ;;
    -h | --help) sed -n 2,13p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

run() {
  local budget=$1 log verdict
  log=$(mktemp)
  local property=()
  [[ $budget == default ]] || property=("-Dcontainer-flood.body-memory=$budget")
  if (cd "$REPO_DIR" && ./mvnw -B -ntp -q -pl proxy-edge -am test -Dtest=ContainerHeapFloodTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    -Dcontainer-flood.limit="$LIMIT" -Dcontainer-flood.body-size="$BODY_SIZE" "${property[@]}") \
    >"$log" 2>&1; then
    verdict="survived"
  else
    verdict="FAILED (see $log)"
  fi
  echo "== limit $LIMIT, body memory $budget, bodies of $BODY_SIZE: $verdict"
  grep -h "CONTAINER FLOOD" "$log" | sed 's/^CONTAINER FLOOD /  /' | awk '!seen[$0]++'
  [[ $verdict != survived ]] || rm -f "$log"
}

for budget in ${BUDGETS:-default}; do
  run "$budget"
done
