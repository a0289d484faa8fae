#!/bin/sh
# sim_conform.sh: every stream the simulator writes for the scenario
# library passes the collector's conformance rules with no finding; a
# scenario with "fault" lines must make something show (a conformance
# finding or a failed verdict).
set -u
cd "$(dirname "$0")/../.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
n=0
for scn in scenarios/*.scn tests/golden/sim/*.scn; do
	[ -f "$scn" ] || continue
	b=$(basename "$scn" .scn)
	d=$T/$b
	mkdir -p "$d"
	./pflowlab gen "$scn" -o "$d" >/dev/null 2>&1 || continue
	n=$((n + 1))
	if ! ./pflowlab sim -q -r "$d/traffic.pcap" -s "$scn" \
	    -w "$d/export.pcap" 2>"$d/err"; then
		echo "FAIL $b: sim: $(cat "$d/err")"
		fail=1
		continue
	fi
	./pflowlab collect -q -r "$d/export.pcap" -w "$d/r.jsonl" \
	    -f "$d/f.jsonl" --any-port >/dev/null 2>&1
	if grep -q '^fault' "$scn"; then
		if [ ! -s "$d/f.jsonl" ] && ./pflowlab verify -q \
		    --ledger "$d/ledger.jsonl" --records "$d/r.jsonl" \
		    >/dev/null 2>&1; then
			echo "FAIL $b: faults asked for, nothing noticed"
			fail=1
		fi
	elif [ -s "$d/f.jsonl" ]; then
		echo "FAIL $b: findings on a fault-free stream:"
		head -5 "$d/f.jsonl"
		fail=1
	fi
done
[ $n -gt 0 ] || { echo "no scenario could be generated"; exit 77; }
echo "$n scenarios"
exit $fail
