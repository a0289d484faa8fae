#!/bin/sh
# verify.sh: pflowlab verify on a million flows (goal: under 2 s):
# 500000 UDP exchanges generated, simulated and collected once, then the
# join of the 1000000-line ledger with the 1000000 records timed alone
# (best of three, wall and CPU).  BENCH_FLOWS scales it (records = 2 x
# sessions; default 500000 sessions).
set -u
[ -x ./pflowlab ] || { echo "./pflowlab is not built"; exit 1; }
n=${BENCH_FLOWS:-500000}
t=$(mktemp -d "${TMPDIR:-/tmp}/bench-verify.XXXXXX")
trap 'rm -rf "$t"' EXIT INT TERM
cat >"$t/big.scn" <<SCN
# $n UDP exchanges, $((2 * n)) records
profile openbsd-7.8 ipfix
# every exchange holds its state for a while: lift PF's default limit
set limit states $((2 * n + 1000))
at 0s repeat $n every 20us src +1 udp 198.18.1.1:10000 > 198.18.200.2:53 send 1x40; recv 1x40
SCN
./pflowlab gen -q -s 96 "$t/big.scn" -o "$t" >/dev/null || exit 1
./pflowlab sim -r "$t/traffic.pcap" -s "$t/big.scn" -w "$t/export.pcap" \
    >/dev/null 2>&1 || exit 1
./pflowlab collect -q -r "$t/export.pcap" -w "$t/records.jsonl" \
    -f "$t/findings.jsonl" >/dev/null 2>&1
recs=$(wc -l <"$t/records.jsonl")
best=
for i in 1 2 3; do
	/usr/bin/time -f '%e %U %S' -o "$t/time" ./pflowlab verify -q \
	    --ledger "$t/ledger.jsonl" --records "$t/records.jsonl" \
	    --findings "$t/findings.jsonl" --scenario "$t/big.scn" \
	    -o "$t/verdict.json"
	rc=$?
	# GNU time puts "Command exited with non-zero status" first on failure
	read -r wall user sys <<EOF
$(tail -n 1 "$t/time")
EOF
	echo "verify run $i: $recs records, $wall s wall ($user s user, $sys s sys), exit $rc"
	best=$(awk -v a="${best:-999}" -v b="$wall" 'BEGIN { print (b < a ? b : a) }')
done
awk -v w="$best" -v r="$recs" 'BEGIN { printf "verify: %d records in %.2f s " \
    "(%.0f records/s); goal < 2 s: %s\n", r, w, r / w, \
    (w < 2 ? "met" : "NOT met") }'
