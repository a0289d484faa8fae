#!/bin/sh
# sim.sh: packets per second through "pflowlab sim" (PF state table and
# pflow exporter on the virtual clock, IPFIX written to a pcap) on a
# large traffic pcap made by "pflowlab gen", and "softflowd -r" on the
# same pcap in the same run, with the ratio.  Goal: 2x softflowd.
# Each program runs BENCH_RUNS times (default 3); the best CPU time
# (user + system) counts, since the machine is shared.
# BENCH_SESSIONS scales the load (default 100000 TCP sessions of 12
# packets, plus 1000 UDP sessions of 200 packets).
set -u
cd "$(dirname "$0")/.."
[ -x ./pflowlab ] || { echo "./pflowlab is not built"; exit 1; }
n=${BENCH_SESSIONS:-100000}
runs=${BENCH_RUNS:-3}
t=$(mktemp -d "${TMPDIR:-/tmp}/bench-sim.XXXXXX")
trap 'rm -rf "$t"' EXIT INT TERM

cat >"$t/load.scn" <<SCN
# $n short TCP sessions (12 packets each) and $((n / 100)) UDP streams
at 0s repeat $n every 50us sport +1 src +1 tcp 198.18.1.1:1024 > 198.18.200.2:80 connect; send 2x64; recv 2x64; close fin
at 0s repeat $((n / 100)) every 1ms sport +1 udp 198.18.1.1:2000 > 198.18.200.2:5004 send 100x160 gap 100us; recv 100x160 gap 100us
SCN
./pflowlab gen -q "$t/load.scn" -o "$t/g" || { echo "gen failed"; exit 1; }
pcap=$t/g/traffic.pcap
# every session gets its states: lift PF's default limit of 100000
lim="--state-limit 10000000"
./pflowlab sim -r "$pcap" $lim -w "$t/export.pcap" 2>"$t/sum" ||
	{ cat "$t/sum"; echo "pflowlab sim failed"; exit 1; }
pk=$(sed -n 's/^pflowlab sim: \([0-9]*\) packets.*/\1/p' "$t/sum")
recs=$(sed -n 's/.* \([0-9]*\) records.*/\1/p' "$t/sum")
[ "${pk:-0}" -gt 0 ] || { echo "no packets"; exit 1; }

# best "user+sys wall" of $runs runs of the command
best() {
	b=
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f '%U %S %e' -o "$t/time" "$@" >/dev/null 2>&1 ||
		    return 1
		c=$(awk '{ printf "%.3f %.3f", $1 + $2, $3 }' "$t/time")
		if [ -z "$b" ] || awk -v a="${c% *}" -v b="${b% *}" \
		    'BEGIN { exit !(a < b) }'; then
			b=$c
		fi
		i=$((i + 1))
	done
	echo "$b"
}

s=$(best ./pflowlab sim -q -r "$pcap" $lim -w "$t/export.pcap") ||
	{ echo "pflowlab sim failed"; exit 1; }
if command -v softflowd >/dev/null 2>&1; then
	f=$(best softflowd -r "$pcap" -n 127.0.0.1:9 -d) ||
		f=
else
	f=
fi
awk -v p="$pk" -v s="$s" -v f="$f" -v r="$recs" 'BEGIN {
	split(s, a, " "); if (a[1] <= 0) a[1] = 0.001
	printf "sim       %8d packets %6.2f s cpu %6.2f s wall  %5.2f M pkt/s (cpu)  %d records\n",
	    p, a[1], a[2], p / a[1] / 1e6, r
	if (f != "") {
		split(f, b, " "); if (b[1] <= 0) b[1] = 0.001
		printf "softflowd %8d packets %6.2f s cpu %6.2f s wall  %5.2f M pkt/s (cpu)\n",
		    p, b[1], b[2], p / b[1] / 1e6
		printf "ratio sim/softflowd: %.2fx (goal 2.00x)\n", b[1] / a[1]
	} else
		print "softflowd not installed: no ratio"
}'
