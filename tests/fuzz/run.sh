#!/bin/sh
# run.sh: run each libFuzzer target for SECONDS (default 60) with a seed
# corpus made at run time from ../shared/fixtures/real-exporters (fixture
# bytes are never committed), under build/fuzz/.  Prints executions and
# the result per target; exits 1 when a target found a crash.
#
#   make fuzz && sh tests/fuzz/run.sh 120
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
bin=build/fuzz/bin
corp=build/fuzz/corpus
art=build/fuzz/artifacts
fix=${PFLOWLAB_SHARED:-../shared}/fixtures/real-exporters

targets=
for f in tests/fuzz/fuzz_*.c; do
	targets="$targets $(basename "$f" .c)"
done

for t in $targets; do
	[ -x "$bin/$t" ] || { echo "run.sh: $bin/$t missing (make fuzz)" >&2; exit 2; }
	mkdir -p "$corp/$t" "$art/$t"
done

# seeds: each fixture goes to the target of its version field
if [ -d "$fix" ]; then
	for f in "$fix"/*.dat; do
		v=$(od -An -tu1 -j1 -N1 "$f" | tr -d ' ')
		case "$v" in
		5) t=fuzz_nf5 ;;
		9) t=fuzz_nf9 ;;
		10) t=fuzz_ipfix ;;
		*) continue ;;
		esac
		cp "$f" "$corp/$t/seed-$(basename "$f")"
	done
else
	echo "run.sh: $fix absent, starting from empty corpora" >&2
fi

# the scenario parser starts from the library's own scenarios
if [ -d "$corp/fuzz_scn" ]; then
	for f in scenarios/*.scn; do
		[ -f "$f" ] && cp "$f" "$corp/fuzz_scn/seed-$(basename "$f")"
	done
fi

rc=0
for t in $targets; do
	log=build/fuzz/$t.log
	"$bin/$t" -max_total_time="$secs" -max_len=65535 -rss_limit_mb=1024 \
	    -artifact_prefix="$art/$t/" -print_final_stats=1 \
	    "$corp/$t" >"$log" 2>&1
	r=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if [ $r -eq 0 ]; then
		echo "$t: ${runs:-?} executions in ${secs}s, $cov, no crash"
	else
		echo "$t: FAILED after ${runs:-?} executions (exit $r), see $log"
		ls "$art/$t" >&2
		rc=1
	fi
done
exit $rc
