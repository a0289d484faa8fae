#!/bin/sh
# collect.sh: how fast `pflowlab collect` decodes and checks IPFIX, from
# a pcap and live, against the peers installed here, in the same run.
#
#   1. pcap: BENCH_MSGS messages of 26 pflow IPv4 records (default
#      200000: 5.2 million records) decoded and checked with no output
#      (goal: 20 million records/s on one core), and with JSON Lines to
#      /dev/null; tshark's cflow decode of a 1/10 slice, and the ratio.
#      nfdump has no pcap input (only nfcapd files), so it runs live.
#   2. live: the same export sent over loopback as fast as sendmmsg goes
#      (bench/collect_send.c), to pflowlab collect and to nfcapd with the
#      same receive buffer: records received and lost.
# Rates are records per second of wall-clock time and of CPU time
# (user + system).
set -u
[ -x ./pflowlab ] || { echo "./pflowlab is not built"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "SKIPPED: python3 missing"; exit 0; }
msgs=${BENCH_MSGS:-200000}
t=$(mktemp -d "${TMPDIR:-/tmp}/bench-collect.XXXXXX")
nfpid=
trap '[ -n "$nfpid" ] && kill "$nfpid" 2>/dev/null; rm -rf "$t"' EXIT INT TERM

# rate RECORDS SECONDS
rate() {
	awk -v n="$1" -v s="$2" 'BEGIN { if (s <= 0) s = 0.001;
	    printf "%.2f M/s", n / s / 1e6 }'
}

# timed LABEL RECORDS CMD...: run, print wall and CPU rates; sets $wall
timed() {
	label=$1
	n=$2
	shift 2
	/usr/bin/time -f '%e %U %S' -o "$t/time" "$@" >/dev/null 2>"$t/err" ||
	    { echo "$label: failed: $(tail -2 "$t/err")"; return 1; }
	read -r wall u s <"$t/time"
	cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
	printf '  %-34s %9d records %7.2f s  %s wall, %s CPU\n' "$label" \
	    "$n" "$wall" "$(rate "$n" "$wall")" "$(rate "$n" "$cpu")"
}

python3 bench/collect_mkpcap.py "$t/big.pcap" "$msgs" 47390 || exit 1
python3 bench/collect_mkpcap.py "$t/slice.pcap" $((msgs / 10)) 47390 || exit 1
recs=$((msgs * 26))
srecs=$((msgs / 10 * 26))
echo "pcap decode ($(wc -c <"$t/big.pcap") octets, $recs IPFIX records)"
cat "$t/big.pcap" >/dev/null		# into the page cache
timed "pflowlab collect (decode+check)" $recs \
    ./pflowlab collect -q -r "$t/big.pcap" -p 47390
pw=$wall
timed "pflowlab collect -w (JSON Lines)" $recs \
    ./pflowlab collect -q -r "$t/big.pcap" -p 47390 -w /dev/null
if command -v tshark >/dev/null 2>&1; then
	timed "tshark -T fields (1/10 slice)" $srecs \
	    tshark -r "$t/slice.pcap" -d udp.port==47390,cflow -T fields \
	    -e cflow.octets
	awk -v a="$recs" -v aw="$pw" -v b="$srecs" -v bw="$wall" 'BEGIN {
	    if (aw <= 0) aw = 0.001; if (bw <= 0) bw = 0.001;
	    printf "  pflowlab / tshark: %.0fx\n", (a / aw) / (b / bw) }'
else
	echo "  tshark: not installed"
fi
echo "  nfdump: reads nfcapd files only (no pcap input); see live below"

# ---- live ----
if ! command -v cc >/dev/null 2>&1 ||
    ! cc -O2 -o "$t/send" bench/collect_send.c -lpcap 2>"$t/cc.err"; then
	echo "live: SKIPPED (cannot build bench/collect_send.c)"
	exit 0
fi
lmsgs=20000
rep=${BENCH_REPEAT:-5}
python3 bench/collect_mkpcap.py "$t/live.pcap" $lmsgs 47390 || exit 1
lrecs=$((lmsgs * 26 * rep))
buf=33554432
echo "live over loopback ($lrecs records, receive buffer $buf asked)"

# pflowlab: wait for the readiness line; -t 1 ends it once the sender
# is done
mkfifo "$t/fifo"
./pflowlab collect -l 127.0.0.1:0 -B $buf -t 1 -s 2>"$t/fifo" \
    >"$t/sum" &
exec 3<"$t/fifo"
IFS= read -r line <&3
port=${line##*:}
port=${port%% *}
read -r sent secs <<EOS
$("$t/send" "$t/live.pcap" "$port" 0 "$rep")
EOS
wait
cat <&3 >/dev/null
exec 3<&-
got=$(sed -n 's/^total: datagrams [0-9]* records \([0-9]*\).*/\1/p' "$t/sum")
drops=$(sed -n 's/.*kernel-drops \([0-9n/a]*\).*/\1/p' "$t/sum")
printf '  %-12s sent %d datagrams in %.2f s (%s offered): %d records received, %d lost, kernel drops %s\n' \
    pflowlab "$sent" "$secs" "$(rate $lrecs "$secs")" "${got:-0}" \
    $((lrecs - ${got:-0})) "${drops:-?}"

if command -v nfcapd >/dev/null 2>&1 && command -v nfdump >/dev/null 2>&1
then
	mkdir "$t/nfd"
	nfcapd -b 127.0.0.1 -p 47391 -w "$t/nfd" -B $buf >"$t/nfcapd.log" \
	    2>&1 &
	nfpid=$!
	# nfcapd prints nothing when ready: watch for its socket
	i=0
	while ! ss -Hlun 'sport = :47391' 2>/dev/null | grep -q . &&
	    [ $i -lt 100000 ]; do
		i=$((i + 1))
	done
	read -r sent secs <<EOS
$("$t/send" "$t/live.pcap" 47391 0 "$rep")
EOS
	kill -TERM $nfpid
	wait $nfpid
	nfpid=
	got=$(nfdump -R "$t/nfd" -I 2>/dev/null | sed -n 's/^Flows: //p')
	printf '  %-12s sent %d datagrams in %.2f s (%s offered): %d records received, %d lost\n' \
	    nfcapd "$sent" "$secs" "$(rate $lrecs "$secs")" "${got:-0}" \
	    $((lrecs - ${got:-0}))
else
	echo "  nfcapd: not installed"
fi
