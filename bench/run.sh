#!/usr/bin/env bash
# bench/run.sh: the pipeline benchmark of issue 8: one table (run, stage, rows in, rows out,
# seconds, rows per second, peak memory) on standard output and the same figures as JSON.
#
#   bench/run.sh [--scale city|region|N] [--months 24] [--from 2023-01] [--seed 42]
#                [--new-months 1] [--out bench/results/<scale>-<date>.json] [--no-api] [--no-resubmit]
#                [--watch]
#
#   --scale   city = 60,000 households (Wuzhou's order of size), region = 1,500,000 (issue 8), or a number
#   --months  months in the first run
#   --new-months  months generated after them, each added for an incremental run of its own
#             (new_month, or new_month_1 .. new_month_N; a survey quarter comes with its
#             last month); more than one shows how a watching JVM's month run settles
#   --no-resubmit  skip the resubmitted-delivery run (at region scale it is long, and the
#             figures of the first two runs are written all the same)
#   --watch   make the runs in one JVM, as `bin/warehouse run --watch` makes them in production:
#             each next delivery is put in the landing zone once the run before it has finished;
#             a run's TOTAL is then the run's own time from its summary line, and the peak
#             memory that of the one JVM
#
# Runs (without --watch, each `bin/warehouse run` under /usr/bin/time -v for the peak resident memory, with
# WAREHOUSE_SPARK_MASTER, WAREHOUSE_HEAP, … passed through as set by the caller):
#   full        the landing zone of --months months into a fresh home
#   new_month   the folders of the next month (and of its quarter, for the quarterly feed) added
#               (with --new-months N: new_month_1 .. new_month_N, one month each)
#   resubmit    one money value changed in one file of one feed-period (a corrected delivery)
# then the dashboard API latency test (bench/api-latency.sh: 20 clients, p50/p95) unless --no-api.
#
# Landing zones are generated once per households+seed+range and kept under
# ${BENCH_DIR:-/tmp/warehouse-bench}/ (outside git; delete it to regenerate); each benchmark
# gets a hard-linked copy of it and a fresh home there. Needs bash, awk, sed, GNU time (or
# /proc for the peak memory); no python.
#
# PROGRESS LINES PARSED (the coordinator aligns these with the pipeline's stderr):
#   every stderr line that ends in "(<seconds> s)" is a stage, as printed by
#   Progress.Stage.done: String.format("%-28s %s (%.1f s)", name, detail, seconds)
#   - name: the first 28 characters (trimmed) when the 29th is a space; otherwise the text
#     before the first run of two spaces, or else before the first word starting with a digit;
#   - numbers may have thousands separators (1,234,567);
#   - rows in: the number before " rows:" or " rows in", or after "in=", or the left side of
#     "N → M" / "N -> M";
#   - rows out: the number before " loaded", " rows written", " rows out" or " written", or
#     after "out=", or the right side of "N → M"; else a lone "N rows" counts as rows out;
#   - rows/s: rows in (or rows out when there is no rows in) / seconds.
#   e.g. "bronze agri_households       3 deliveries, 182,004 rows: 181,100 loaded, 904 quarantined (12.3 s)"
#   gives rows in 182004, rows out 181100. Lines like "ingest: …" without a time are ignored.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WH="${BENCH_WAREHOUSE:-$ROOT/bin/warehouse}"   # another launcher: only to test this script
BENCH_DIR="${BENCH_DIR:-/tmp/warehouse-bench}"
scale=city months=24 new_months=1 from=2023-01 seed=42 out="" api=1 resubmit=1 watch=0

# An option that takes a value must have one.
value() { [ $# -ge 2 ] || { echo "bench: $1 needs a value (see --help)" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) value "$@"; scale=$2; shift 2 ;;
    --months) value "$@"; months=$2; shift 2 ;;
    --new-months) value "$@"; new_months=$2; shift 2 ;;
    --from) value "$@"; from=$2; shift 2 ;;
    --seed) value "$@"; seed=$2; shift 2 ;;
    --out) value "$@"; out=$2; shift 2 ;;
    --no-api) api=0; shift ;;
    --no-resubmit) resubmit=0; shift ;;
    --watch) watch=1; shift ;;
    -h|--help) sed -n '2,32p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

case "$scale" in
  city) households=60000 ;;
  region) households=1500000 ;;
  *[!0-9]*|'') echo "bench: --scale is '$scale'; expected city, region or a number of households" >&2; exit 2 ;;
  *) households=$scale ;;
esac
[[ "$months" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --months is '$months'; expected a positive number" >&2; exit 2; }
[[ "$new_months" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --new-months is '$new_months'; expected a positive number" >&2; exit 2; }
[[ "$from" =~ ^[0-9]{4}-(0[1-9]|1[0-2])$ ]] || { echo "bench: --from is '$from'; expected YYYY-MM" >&2; exit 2; }
[[ "$seed" =~ ^[0-9]+$ ]] || { echo "bench: --seed is '$seed'; expected a number" >&2; exit 2; }

say() { echo "bench: $*" >&2; }
fail() { echo "bench: FAILED: $*" >&2; exit 1; }

# YYYY-MM plus n months.
add_months() {
  local y=${1%-*} m=${1#*-}
  local n=$((10#$y * 12 + 10#$m - 1 + $2))
  printf '%04d-%02d' $((n / 12)) $((n % 12 + 1))
}
last=$(add_months "$from" $((months + new_months - 1)))
# The quarter of a YYYY-MM month (YYYY-Qn).
quarter_of() { echo "${1%-*}-Q$(( (10#${1#*-} - 1) / 3 + 1 ))"; }
stamp=$(date -u +%Y%m%dT%H%M%SZ)
[ -n "$out" ] || out="$ROOT/bench/results/$scale-$stamp.json"

say "building…"
"$WH" classpath >/dev/null

# 1. The landing zone of months+new_months months, generated once and cached.
CACHE="$BENCH_DIR/landing-h$households-s$seed-$from-$last"
if [ ! -f "$CACHE.ok" ]; then
  say "generating $households households, $from..$last into $CACHE (cached for later runs)…"
  rm -rf "$CACHE"
  mkdir -p "$BENCH_DIR"
  "$WH" generate --out "$CACHE" --households "$households" --seed "$seed" --from "$from" --to "$last" \
    --home "$BENCH_DIR/generate-home" >&2 || fail "bin/warehouse generate failed"
  touch "$CACHE.ok"
fi

WORK="$BENCH_DIR/run-$scale-$stamp"
LANDING="$WORK/landing"
HELD="$WORK/held-back"
HOME_DIR="$WORK/home"
mkdir -p "$WORK" "$HELD"
# Hard links: cheap at region scale; files are only ever replaced (new inode), never edited in place.
cp -al "$CACHE" "$LANDING" 2>/dev/null || cp -r "$CACHE" "$LANDING"
landing_bytes=$(du -sb "$LANDING" | cut -f1)

# Hold back each new month for its incremental run: $HELD/<k>/<feed>/<period>. A quarter's
# folder goes with the quarter's last month, or with the last new month when that comes first.
new_runs=()
for k in $(seq 1 "$new_months"); do
  m=$(add_months "$from" $((months + k - 1)))
  periods=("$m")
  q=$(quarter_of "$m")
  if [ "$k" -eq "$new_months" ] || [ "$(quarter_of "$(add_months "$m" 1)")" != "$q" ]; then
    periods+=("$q")
  fi
  held=0
  for p in "${periods[@]}"; do
    for d in "$LANDING"/*/"$p"; do
      [ -d "$d" ] || continue
      feed=$(basename "$(dirname "$d")")
      mkdir -p "$HELD/$k/$feed"
      mv "$d" "$HELD/$k/$feed/"
      held=$((held + 1))
    done
  done
  [ $held -gt 0 ] || fail "no folder of $m in $CACHE: cannot test an incremental month"
  if [ "$new_months" -eq 1 ]; then new_runs+=(new_month); else new_runs+=("new_month_$k"); fi
done

# Peak resident memory of a command in kB: GNU time when present, else the highest VmHWM seen.
TIMER=""
if /usr/bin/time -v true >/dev/null 2>&1; then TIMER=/usr/bin/time; fi

RESULTS="$WORK/results.tsv"   # run, stage, rows_in, rows_out, seconds, rows_per_second, peak_kb
: >"$RESULTS"

# Stage lines of a run's stderr as TSV rows (see PROGRESS LINES PARSED above).
parse_stages() {
  local run=$1 log=$2
  sed -E ':a;s/([0-9]),([0-9]{3})/\1\2/g;ta' "$log" | LC_ALL=C awk -v run="$run" '
    function num(s, re,   m) {
      if (match(s, re)) { m = substr(s, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m }
      return ""
    }
    /\([0-9]+(\.[0-9]+)? s\)[ \t]*$/ {
      line = $0
      match(line, /\([0-9]+(\.[0-9]+)? s\)[ \t]*$/)
      secs = substr(line, RSTART + 1, RLENGTH - 1); sub(/ s\).*/, "", secs)
      body = substr(line, 1, RSTART - 1)
      if (length(body) > 29 && substr(body, 29, 1) == " ") {
        name = substr(body, 1, 28); detail = substr(body, 30)
      } else if (match(body, /[^ ]  +/)) {
        name = substr(body, 1, RSTART); detail = substr(body, RSTART + RLENGTH)
      } else if (match(body, / [0-9]/)) {
        name = substr(body, 1, RSTART - 1); detail = substr(body, RSTART + 1)
      } else {
        name = body; sub(/ .*/, "", name); detail = substr(body, length(name) + 2)
      }
      gsub(/^[ \t]+|[ \t]+$/, "", name); gsub(/\t/, " ", name)
      rin = num(detail, "[0-9]+ rows:")
      if (rin == "") rin = num(detail, "[0-9]+ rows in")
      if (rin == "") rin = num(detail, "in=[0-9]+")
      rout = num(detail, "[0-9]+ (loaded|rows written|rows out|written)")
      if (rout == "") rout = num(detail, "out=[0-9]+")
      if (match(detail, /[0-9]+ *(→|->) *[0-9]+/)) {
        pair = substr(detail, RSTART, RLENGTH)
        if (rin == "") { a = pair; sub(/ *(→|->).*/, "", a); rin = a }
        if (rout == "") { b = pair; sub(/.*(→|->) */, "", b); rout = b }
      }
      if (rin == "" && rout == "") rout = num(detail, "[0-9]+ rows")
      base = (rin != "") ? rin : rout
      rate = (base != "" && secs + 0 > 0) ? sprintf("%.0f", base / secs) : ""
      printf "%s\t%s\t%s\t%s\t%s\t%s\t\n", run, name, rin, rout, secs, rate
    }'
}

measure() {
  local run=$1
  shift
  local log="$WORK/$run.log" rc=0 t0 t1 peak=""
  say "run '$run'…"
  t0=$(date +%s.%N)
  if [ -n "$TIMER" ]; then
    "$TIMER" -v -o "$WORK/$run.time" "$@" 2>"$log" || rc=$?
    peak=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$WORK/$run.time")
  else
    "$@" 2>"$log" &
    local pid=$! hwm
    peak=0
    while kill -0 "$pid" 2>/dev/null; do
      hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
      [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
      sleep 1
    done
    wait "$pid" || rc=$?
  fi
  t1=$(date +%s.%N)
  if [ $rc -ne 0 ]; then
    tail -20 "$log" >&2
    fail "run '$run' exited with $rc (log: $log)"
  fi
  parse_stages "$run" "$log" >>"$RESULTS"
  printf '%s\tTOTAL (wall, whole JVM)\t\t\t%s\t\t%s\n' "$run" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')" \
    "$peak" >>"$RESULTS"
}

run_pipeline() {
  measure "$1" "$WH" run --landing "$LANDING" --home "$HOME_DIR"
}

# Moves the k-th held-back month into the landing zone.
add_new_month() {
  local d feed
  for d in "$HELD/$1"/*/*; do
    feed=$(basename "$(dirname "$d")")
    mv "$d" "$LANDING/$feed/"
  done
}

# A corrected delivery: the first money value (digits with 1-2 decimals) of the first data row
# of one CSV file of a mid-range period, plus 1.00 yuan. The file is replaced, not edited (the
# cache is hard-linked). Sets $resubmitted.
resubmit_one() {
  local mid feed f
  mid=$(add_months "$from" $((months / 2)))
  for feed in finance_payments civil_assistance hrss_employment agri_interventions; do
    for f in "$LANDING/$feed/$mid"/*.csv; do
      [ -f "$f" ] || continue
      if LC_ALL=C awk -F, -v OFS=, '
          NR == 2 && !done { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9][0-9]?$/) {
            $i = sprintf("%.2f", $i + 1); done = 1; break } }
          { print }
          END { exit done ? 0 : 1 }' "$f" >"$f.new"; then
        mv "$f.new" "$f"
        resubmitted="$feed/$mid/$(basename "$f")"
        break 2
      fi
      rm -f "$f.new"
    done
  done
  [ -n "$resubmitted" ] || fail "found no CSV with a money value in the first data row to resubmit (period $mid)"
  say "resubmitting $resubmitted with one amount changed"
}

# The lines of a watching JVM's log that end a run: its summary, or a "warehouse: " error line
# ("warehouse: building …", printed when the sources changed since the last build, starts no run).
run_ends() {
  grep -E '^(run finished:|warehouse: )' "$1" | grep -v '^warehouse: building' || true
}

# --watch: the runs in one `bin/warehouse run --watch` JVM. The next delivery goes in once the
# run before it has printed its summary (or failed); the log is then cut into one log per run.
watch_runs() {
  local runs=(full "${new_runs[@]}") log="$WORK/watch.log" rc=0 peak="" pid seen=0 ended i secs
  [ $resubmit -eq 1 ] && runs+=(resubmit)
  say "runs '${runs[*]}' in one watching JVM…"
  local cmd=("$WH" run --landing "$LANDING" --home "$HOME_DIR" --watch --every 1 --max-runs ${#runs[@]})
  if [ -n "$TIMER" ]; then
    "$TIMER" -v -o "$WORK/watch.time" "${cmd[@]}" 2>"$log" &
  else
    "${cmd[@]}" 2>"$log" &
  fi
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    ended=$(run_ends "$log" | wc -l)
    if [ "$ended" -gt "$seen" ]; then
      seen=$ended
      case "${runs[$seen]:-}" in
        new_month) add_new_month 1 ;;
        new_month_*) add_new_month "${runs[$seen]#new_month_}" ;;
        resubmit) resubmit_one ;;
      esac
    fi
    sleep 0.5
  done
  wait "$pid" || rc=$?
  if [ $rc -ne 0 ] || [ -n "$(run_ends "$log" | grep '^warehouse: ')" ]; then
    tail -20 "$log" >&2
    fail "the watching run failed (exit $rc; log: $log)"
  fi
  [ -n "$TIMER" ] && peak=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$WORK/watch.time")
  for i in "${!runs[@]}"; do
    awk -v k="$i" 'seg == k { print } /^run finished:/ { seg++ }' "$log" >"$WORK/${runs[$i]}.log"
    parse_stages "${runs[$i]}" "$WORK/${runs[$i]}.log" >>"$RESULTS"
    secs=$(sed -n 's/^run finished:.*; \([0-9.]*\) s$/\1/p' "$WORK/${runs[$i]}.log")
    printf '%s\tTOTAL (run, watching JVM)\t\t\t%s\t\t%s\n' "${runs[$i]}" "$secs" "$peak" >>"$RESULTS"
  done
}

# 2. The three runs.
resubmitted=""
if [ $watch -eq 1 ]; then
  watch_runs
else
  run_pipeline full
  for k in "${!new_runs[@]}"; do
    add_new_month $((k + 1))
    run_pipeline "${new_runs[$k]}"
  done
  if [ $resubmit -eq 1 ]; then
    resubmit_one
    run_pipeline resubmit
  fi
fi

# 3. Dashboard API latency (bench/api-latency.sh prints one JSON object).
api_json='{"status": "skipped", "reason": "--no-api"}'
if [ $api -eq 1 ]; then
  if api_out=$("$ROOT/bench/api-latency.sh" --home "$HOME_DIR" 2>"$WORK/api.log"); then
    api_json=$api_out
  else
    rc=$?
    reason=$(tail -1 "$WORK/api.log" | sed 's/["\\]/ /g')
    api_json="{\"status\": \"not run\", \"exit\": $rc, \"reason\": \"$reason\"}"
    say "API latency test not run: $reason"
  fi
fi

# 4. The table and the JSON.
echo
echo "bench: $households households, $months months from $from (+$new_months incremental), seed $seed, landing $((landing_bytes / 1048576)) MiB, $(nproc) cores, master ${WAREHOUSE_SPARK_MASTER:-from conf}"
awk -F'\t' 'BEGIN {
    printf "%-12s %-30s %12s %12s %9s %10s %12s\n", "run", "stage", "rows in", "rows out", "seconds", "rows/s", "peak memory"
  }
  {
    mem = ($7 != "") ? sprintf("%.2f GiB", $7 / 1048576) : ""
    printf "%-12s %-30s %12s %12s %9s %10s %12s\n", $1, substr($2, 1, 30), $3, $4, $5, $6, mem
  }' "$RESULTS"
echo "API latency: $api_json"

mkdir -p "$(dirname "$out")"
awk -F'\t' -v households="$households" -v months="$months" -v new_months="$new_months" -v from="$from" -v seed="$seed" \
    -v scale="$scale" -v bytes="$landing_bytes" -v cores="$(nproc)" -v resub="$resubmitted" \
    -v master="${WAREHOUSE_SPARK_MASTER:-}" -v heap="${WAREHOUSE_HEAP:-}" -v stamp="$stamp" -v api="$api_json" \
    -v watch="$watch" '
  function q(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
  function n(s) { return s == "" ? "null" : s }
  BEGIN {
    printf "{\n  \"generated_at\": %s,\n  \"scale\": %s,\n  \"households\": %s,\n  \"months\": %s,\n", q(stamp), q(scale), households, months
    printf "  \"new_months\": %s,\n", new_months
    printf "  \"from\": %s,\n  \"seed\": %s,\n  \"landing_bytes\": %s,\n  \"cores\": %s,\n", q(from), seed, bytes, cores
    printf "  \"spark_master\": %s,\n  \"heap\": %s,\n  \"resubmitted_file\": %s,\n", q(master), q(heap), q(resub)
    printf "  \"one_watching_jvm\": %s,\n  \"rows\": [", (watch == 1 ? "true" : "false")
  }
  {
    printf "%s\n    {\"run\": %s, \"stage\": %s, \"rows_in\": %s, \"rows_out\": %s, \"seconds\": %s, \"rows_per_second\": %s, \"peak_rss_kb\": %s}", \
      (NR > 1 ? "," : ""), q($1), q($2), n($3), n($4), n($5), n($6), n($7)
  }
  END { printf "\n  ],\n  \"api_latency\": %s\n}\n", api }' "$RESULTS" >"$out"
say "figures written to $out (work folder $WORK)"
