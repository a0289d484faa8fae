#!/bin/sh
# gen.sh: how fast "pflowlab gen" writes packets to a pcap (goal: 2
# million per second on one core).  Two loads: many short TCP sessions
# of small packets (handshake, data both ways, FIN close), and bulk UDP
# in both directions.  Prints packets per second over wall-clock time,
# over user+system CPU time (building and writing: the kernel's copy
# of the file counts) and over user time alone (building).  No peer
# builds scripted sessions into a pcap, so there is no ratio here.
# BENCH_SESSIONS scales the TCP load (default 200000).
set -u
[ -x ./pflowlab ] || { echo "./pflowlab is not built"; exit 1; }
n=${BENCH_SESSIONS:-200000}
t=$(mktemp -d "${TMPDIR:-/tmp}/bench-gen.XXXXXX")
trap 'rm -rf "$t"' EXIT INT TERM

cat >"$t/tcp.scn" <<SCN
# $n short TCP sessions, 12 packets each
at 0s repeat $n every 50us sport +1 src +1 tcp 198.18.1.1:1024 > 198.18.200.2:80 connect; send 2x64; recv 2x64; close fin
SCN
cat >"$t/udp.scn" <<SCN
# bulk UDP both ways: $((n / 100)) sessions of 200 packets
at 0s repeat $((n / 100)) every 1ms sport +1 udp 198.18.1.1:2000 > 198.18.200.2:5004 pace 100us send 100x160 gap 100us; recv 100x160 gap 100us
SCN

# $1 label, $2 scenario
run() {
	/usr/bin/time -f '%e %U %S %M' -o "$t/time" \
	    ./pflowlab gen -q "$2" -o "$t/out" || return 1
	pk=$(sed 's/.*"packets":\([0-9]*\),.*/\1/' "$t/out/ledger.jsonl" |
	    awk '{ p += $1 } END { print p }')
	sz=$(stat -c %s "$t/out/traffic.pcap")
	read -r wall user sys rss <"$t/time"
	awk -v l="$1" -v p="$pk" -v w="$wall" -v u="$user" -v s="$sys" -v z="$sz" \
	    -v m="$rss" 'BEGIN {
		cpu = u + s; if (w <= 0) w = 0.01; if (cpu <= 0) cpu = 0.01
		if (u <= 0) u = 0.01
		printf "%-8s %8d packets %6.1f MB %5.2f s wall  M pkt/s: %5.2f wall %5.2f cpu %5.2f user  (rss %d MB)\n",
		    l, p, z / 1e6, w, p / w / 1e6, p / cpu / 1e6, p / u / 1e6, m / 1024
	}'
	rm -rf "$t/out"
}
cat >"$t/many.scn" <<SCN
# $((n * 5)) sessions of one UDP exchange: time and memory stay linear
at 0s repeat $((n * 5)) every 10us sport +1 src +1 udp 198.18.1.1:1024 > 198.18.200.2:53 send 1x40; recv 1x100
SCN
run gen-tcp "$t/tcp.scn" || exit 1
run gen-udp "$t/udp.scn" || exit 1
run sessions "$t/many.scn" || exit 1
echo "goal: 2.00 M pkt/s on one core"
