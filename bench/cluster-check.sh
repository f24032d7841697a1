#!/usr/bin/env bash
# bench/cluster-check.sh: the pipeline gives the same marts on a Spark standalone cluster as in
# local mode (issue 8). A separate, slower CI step: `bench/cluster-check.sh` exits non-zero and
# prints the differing lines when any mart differs, and fails as loudly when a step fails.
#
#   bench/cluster-check.sh [--households 300] [--seed 8] [--from 2024-10] [--to 2025-03]
#                          [--workers 2] [--smoke] [--smoke-only] [--keep]
#
# Steps: build; `bin/warehouse generate` a small landing zone; `bin/warehouse run` into home A
# with WAREHOUSE_SPARK_MASTER=local[2]; bin/spark-cluster start (unless one already runs, which
# is then reused and left running); `bin/warehouse run` into home B with
# WAREHOUSE_SPARK_MASTER=spark://127.0.0.1:7077 (checking that the cluster's workers really
# launched executors for it); then for every mart of models/.../marts.yaml,
# `bin/warehouse sql "select * from MART" --format csv` on A and on B, header kept first, rows
# sorted (byte order), compared with diff; finally the cluster is stopped.
# --smoke first runs ClusterSmokeTest (a Delta MERGE and aggregation on the cluster) through
# Maven; --smoke-only runs just that (no generate/run/sql needed). --keep keeps the work folder
# (default: a fresh temporary folder, or $CLUSTER_CHECK_DIR).
# Needs: java 17, mvn (offline repository is enough), curl. No python.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WH="${CLUSTER_CHECK_WAREHOUSE:-$ROOT/bin/warehouse}"   # another launcher: only to test this script
MASTER="spark://127.0.0.1:${SPARK_CLUSTER_PORT:-7077}"
households=300 seed=8 from=2024-10 to=2025-03 workers=2 smoke=0 smoke_only=0 keep=0

while [ $# -gt 0 ]; do
  case "$1" in
    --households) households=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --from) from=$2; shift 2 ;;
    --to) to=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --smoke-only) smoke=1 smoke_only=1; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cluster-check: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "cluster-check: $*" >&2; }
fail() {
  echo >&2
  echo "cluster-check: FAILED: $*" >&2
  exit 1
}

WORK="${CLUSTER_CHECK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/cluster-check.XXXXXX")}"
mkdir -p "$WORK"
started_cluster=0
cleanup() {
  local rc=$?
  if [ $started_cluster -eq 1 ]; then
    "$ROOT/bin/spark-cluster" stop >&2 || true
  fi
  if [ $rc -ne 0 ]; then
    say "logs: $WORK/*.log, cluster logs: $ROOT/target/spark-cluster/"
  elif [ $keep -eq 0 ] && [ -z "${CLUSTER_CHECK_DIR:-}" ]; then
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT

# Every step's output goes to its own log; on failure its tail is shown.
step() {
  local name=$1
  shift
  say "$name…"
  local t0=$SECONDS
  if ! "$@" >"$WORK/$name.log" 2>&1; then
    tail -30 "$WORK/$name.log" >&2
    fail "step '$name' failed: $* (full log: $WORK/$name.log)"
  fi
  say "$name done ($((SECONDS - t0)) s)"
}

ensure_cluster() {
  if "$ROOT/bin/spark-cluster" status >/dev/null 2>&1; then
    say "reusing the running cluster ($MASTER)"
  else
    step cluster-start "$ROOT/bin/spark-cluster" start --workers "$workers"
    started_cluster=1
  fi
}

# Executor folders the workers created (one per executor launched).
executor_dirs() {
  find "$ROOT/target/spark-cluster/work" -mindepth 3 -maxdepth 3 -type d 2>/dev/null | sort
}

step build "$WH" classpath

if [ $smoke -eq 1 ]; then
  ensure_cluster
  step smoke-test env WAREHOUSE_TEST_SPARK_MASTER="$MASTER" \
    mvn -o -q -B -f "$ROOT/pom.xml" test -pl etl -am -Dtest=ClusterSmokeTest -Dsurefire.failIfNoSpecifiedTests=false
  report=$(ls "$ROOT"/etl/target/surefire-reports/*ClusterSmokeTest.txt 2>/dev/null | head -1)
  grep -q 'Skipped: 0' "$report" 2>/dev/null || fail "ClusterSmokeTest was skipped: $(cat "$report" 2>/dev/null)"
  say "smoke test passed on $MASTER"
  [ $smoke_only -eq 1 ] && exit 0
fi

LANDING="$WORK/landing"
HOME_LOCAL="$WORK/home-local"
HOME_CLUSTER="$WORK/home-cluster"
rm -rf "$LANDING" "$HOME_LOCAL" "$HOME_CLUSTER"
# The serving database stays the embedded H2 of each home, whatever the caller's environment says.
unset WAREHOUSE_SERVING_URL WAREHOUSE_HOME

step generate "$WH" generate --out "$LANDING" --households "$households" --seed "$seed" \
  --from "$from" --to "$to" --home "$HOME_LOCAL"
step run-local env WAREHOUSE_SPARK_MASTER='local[2]' "$WH" run --landing "$LANDING" --home "$HOME_LOCAL"

ensure_cluster
before=$(executor_dirs)
step run-cluster env WAREHOUSE_SPARK_MASTER="$MASTER" "$WH" run --landing "$LANDING" --home "$HOME_CLUSTER"
launched=$(comm -13 <(echo "$before") <(executor_dirs) | grep -c . || true)
[ "$launched" -ge 1 ] || fail "the cluster run launched no executor on the workers: it did not run on $MASTER"
tasks=$(comm -13 <(echo "$before") <(executor_dirs) | while read -r d; do cat "$d/stderr" 2>/dev/null; done \
  | grep -c 'Running task' || true)
[ "$tasks" -ge 1 ] || fail "the cluster's executors ran no task for the run"
say "the cluster run used $launched executor(s) on the workers, $tasks task(s)"

marts=$(sed -n 's/^  - name: \(mart_[a-z0-9_]*\).*/\1/p' "$ROOT/models/src/main/resources/models/marts.yaml")
[ -n "$marts" ] || fail "no mart found in models/src/main/resources/models/marts.yaml"

# The mart as CSV: the header, then the rows in byte order (row order is not part of a mart).
mart_csv() {
  local home=$1 mart=$2 out=$3
  env WAREHOUSE_SPARK_MASTER='local[2]' "$WH" sql "select * from $mart" --format csv --home "$home" \
    >"$out.raw" 2>"$out.err" || { tail -5 "$out.err" >&2; fail "sql on $mart in $home failed (see $out.err)"; }
  { head -1 "$out.raw"; tail -n +2 "$out.raw" | LC_ALL=C sort; } >"$out"
}

differ=0 total_rows=0
summary=""
for mart in $marts; do
  mart_csv "$HOME_LOCAL" "$mart" "$WORK/$mart.local.csv"
  mart_csv "$HOME_CLUSTER" "$mart" "$WORK/$mart.cluster.csv"
  rows=$(($(wc -l <"$WORK/$mart.local.csv") - 1))
  total_rows=$((total_rows + rows))
  if diff -u "$WORK/$mart.local.csv" "$WORK/$mart.cluster.csv" >"$WORK/$mart.diff"; then
    summary+=$(printf '  %-30s %8d rows  same\n' "$mart" "$rows")$'\n'
  else
    differ=1
    summary+=$(printf '  %-30s %8d rows  DIFFERENT\n' "$mart" "$rows")$'\n'
    say "$mart differs between local (-) and cluster (+):"
    head -40 "$WORK/$mart.diff" >&2
  fi
done
printf '%s' "$summary" >&2
[ $differ -eq 0 ] || fail "marts differ between local mode and the cluster (diffs in $WORK/*.diff)"
[ $total_rows -gt 0 ] || fail "every mart is empty: the comparison proves nothing (generate a longer range?)"
say "OK: every mart is the same on $MASTER as in local mode ($total_rows rows)"
