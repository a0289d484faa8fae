#!/bin/sh
# collect_softflowd.sh: the cross-check with an independent decoder.
# tests/data/traffic.py writes a traffic pcap; softflowd -r turns it into
# NetFlow v5, v9 and IPFIX export sent over UDP to `pflowlab collect -l`
# on loopback, which also writes what it received to a pcap (-W).  Then:
#   - tshark's cflow decode of that pcap and pflowlab's live decode must
#     agree on every flow record's addresses, ports, protocol, packets and
#     octets, in order;
#   - pflowlab's decode of the same pcap (-r) must equal its live decode
#     line for line.
# SKIPPED when softflowd, tshark or python3 is missing.
set -u
cd "$(dirname "$0")/../.."
for t in softflowd tshark python3; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "SKIPPED: $t is not installed"
		exit 77
	fi
done
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "FAIL: $*"
	exit 1
}
python3 tests/data/traffic.py "$tmp/traffic.pcap" || fail "traffic.py"

for v in 5 9 10; do
	rm -f "$tmp/fifo"
	mkfifo "$tmp/fifo"
	./pflowlab collect -l 127.0.0.1:0 -t 60 -W "$tmp/e$v.pcap" \
	    -w "$tmp/live$v.jsonl" -q 2>"$tmp/fifo" &
	pid=$!
	exec 3<"$tmp/fifo"
	IFS= read -r line <&3 || fail "v$v: collector did not start"
	port=${line##*:}
	port=${port%% *}
	# softflowd -r exports everything at the end of the file and exits
	# (softflowd 1.1.0 -r was seen to block in accept() on its control
	# socket when given long absolute -p/-c paths; short relative ones
	# in the test folder work)
	(cd "$tmp" && timeout 60 softflowd -d -r traffic.pcap \
	    -n "127.0.0.1:$port" -v $v -p sf.pid -c sf.ctl) \
	    >"$tmp/sf$v.log" 2>&1 ||
	    fail "v$v: softflowd failed: $(cat "$tmp/sf$v.log")"
	# what softflowd sent is in the socket buffer: SIGTERM drains it
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	pid=
	cat <&3 >/dev/null
	exec 3<&-
	[ $rc -le 1 ] || fail "v$v: collector exit $rc"

	tshark -r "$tmp/e$v.pcap" -d "udp.port==$port,cflow" -T fields \
	    -e cflow.srcaddr -e cflow.dstaddr -e cflow.srcport \
	    -e cflow.dstport -e cflow.protocol -e cflow.packets \
	    -e cflow.octets >"$tmp/tshark$v.txt" 2>"$tmp/tshark$v.err" ||
	    fail "v$v: tshark: $(cat "$tmp/tshark$v.err")"
	python3 - "$tmp/tshark$v.txt" "$tmp/live$v.jsonl" $v <<'PY' ||
import json, sys
ts, live, v = sys.argv[1], sys.argv[2], sys.argv[3]
a = []
for line in open(ts):
    cols = [c.split(',') if c else [] for c in line.rstrip('\n').split('\t')]
    if not cols[0]:
        continue            # a template-only packet
    src, dst, sp, dp, pr, pk, oc = cols
    n = len(src)
    if any(len(c) != n for c in (dst, pr, pk, oc)):
        sys.exit('v%s: tshark columns of unequal length: %r' % (v, line))
    # tshark shows no ports for softflowd's v9/IPFIX ICMP records (it
    # decodes them as ICMP type/code): ports go to the other records
    withports = [i for i in range(n) if len(sp) == n or pr[i] != '1']
    if len(sp) != len(withports) or len(dp) != len(withports):
        sys.exit('v%s: tshark port columns do not line up: %r' % (v, line))
    port = {}
    for k, i in enumerate(withports):
        port[i] = (int(sp[k]), int(dp[k]))
    for i in range(n):
        s_, d_ = port.get(i, (None, None))
        a.append((src[i], dst[i], s_, d_, int(pr[i]), int(pk[i]),
                  int(oc[i])))
b = []
for line in open(live):
    r = json.loads(line)
    if 'sourceIPv4Address' not in r:
        continue            # options data (softflowd's sampling record)
    b.append([r['sourceIPv4Address'], r['destinationIPv4Address'],
              r.get('sourceTransportPort'), r.get('destinationTransportPort'),
              r['protocolIdentifier'], r['packetDeltaCount'],
              r['octetDeltaCount']])
# where tshark shows no ports, compare everything else
b = [tuple(y[:2] + ([None, None] if x[2] is None else y[2:4]) + y[4:])
     for x, y in zip(a, b)] + [tuple(y) for y in b[len(a):]]
if len(a) < 10:
    sys.exit('v%s: only %d records from tshark' % (v, len(a)))
if a != b:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            print('v%s record %d: tshark %r pflowlab %r' % (v, i, x, y))
    sys.exit('v%s: %d tshark records, %d pflowlab records, differ'
             % (v, len(a), len(b)))
print('v%s: %d records agree with tshark' % (v, len(a)))
PY
	    fail "v$v: pflowlab and tshark disagree"

	./pflowlab collect -q -r "$tmp/e$v.pcap" -p "$port" \
	    -w "$tmp/pcap$v.jsonl"
	[ $? -le 1 ] || fail "v$v: decoding the pcap failed"
	cmp -s "$tmp/live$v.jsonl" "$tmp/pcap$v.jsonl" ||
	    fail "v$v: live and pcap decodes differ"
done
echo "softflowd v5, v9, IPFIX: pflowlab agrees with tshark"
