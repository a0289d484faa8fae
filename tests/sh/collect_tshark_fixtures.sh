#!/bin/sh
# collect_tshark_fixtures.sh: the real-exporter fixtures decoded by
# pflowlab and by tshark's cflow dissector must agree on every record:
# addresses, ports, protocol, packets, octets, interfaces, ToS and the
# start/end times (sysUpTime for v5/v9, absolute for IPFIX).  The
# OpenBSD pflow pair must give 26 records.  The payloads are wrapped in
# a pcap with `pflowlab collect --raw -W`.
# SKIPPED when ../shared, tshark or python3 is missing.
set -u
cd "$(dirname "$0")/../.."
fix=${PFLOWLAB_SHARED:-../shared}/fixtures/real-exporters
[ -d "$fix" ] || { echo "SKIPPED: $fix is absent"; exit 77; }
for t in tshark python3; do
	command -v $t >/dev/null 2>&1 ||
	    { echo "SKIPPED: $t is not installed"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
# name, minimum record count, fixtures
while read -r name min files; do
	set --
	for f in $files; do
		set -- "$@" "$fix/$f"
	done
	./pflowlab collect -q --raw --exporter 198.18.0.1:40001 \
	    -W "$tmp/$name.pcap" -w "$tmp/$name.jsonl" "$@"
	[ $? -le 1 ] || { echo "$name: pflowlab failed"; fail=1; continue; }
	tshark -r "$tmp/$name.pcap" -d udp.port==4739,cflow -T fields \
	    -e cflow.srcaddr -e cflow.dstaddr -e cflow.srcport \
	    -e cflow.dstport -e cflow.protocol -e cflow.packets \
	    -e cflow.octets -e cflow.inputint -e cflow.outputint \
	    -e cflow.tos -e cflow.timestart -e cflow.timeend \
	    -e cflow.abstimestart -e cflow.abstimeend \
	    >"$tmp/$name.tshark" 2>"$tmp/$name.err" ||
	    { echo "$name: tshark failed: $(cat "$tmp/$name.err")"; fail=1;
	      continue; }
	python3 - "$name" "$min" "$tmp/$name.tshark" "$tmp/$name.jsonl" <<'PY' || fail=1
import datetime, json, sys
name, minimum, ts, js = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

def abstime(s):
    # "Jul 21, 2016 13:29:59.000000000 UTC" -> unix ms
    d, frac = s.replace(' UTC', '').split('.')
    t = datetime.datetime.strptime(d, '%b %d, %Y %H:%M:%S')
    t = t.replace(tzinfo=datetime.timezone.utc)
    return int(t.timestamp()) * 1000 + int(frac[:3])

def reltime(s):
    sec, frac = s.split('.')
    return int(sec) * 1000 + int(frac[:3])

a = []
for line in open(ts):
    cols = line.rstrip('\n').split('\t')
    if not cols[0]:
        continue
    c = [x.split(',') if x else [] for x in cols[:12]]
    # an absolute time has a comma of its own ("Jul 21, 2016 ..."):
    # the pieces go in pairs
    for x in cols[12:14]:
        p = x.split(',') if x else []
        c.append([p[k] + ',' + p[k + 1] for k in range(0, len(p) - 1, 2)])
    n = len(c[0])
    for i in range(n):
        def g(k):
            return c[k][i] if len(c[k]) == n else None
        r = {'src': g(0), 'dst': g(1), 'sport': g(2), 'dport': g(3),
             'proto': g(4), 'pkts': g(5), 'octets': g(6), 'in': g(7),
             'out': g(8), 'tos': g(9)}
        r = {k: (v if k in ('src', 'dst') or v is None else int(v, 0))
             for k, v in r.items()}
        if g(12) is not None:
            r['first'], r['last'] = abstime(g(12)), abstime(g(13))
        elif g(10) is not None:
            r['first'], r['last'] = reltime(g(10)), reltime(g(11))
        a.append(r)
b = []
for line in open(js):
    j = json.loads(line)
    if 'sourceIPv4Address' not in j:
        continue
    r = {'src': j['sourceIPv4Address'], 'dst': j['destinationIPv4Address'],
         'sport': j.get('sourceTransportPort'),
         'dport': j.get('destinationTransportPort'),
         'proto': j.get('protocolIdentifier'),
         'pkts': j.get('packetDeltaCount'), 'octets': j.get('octetDeltaCount'),
         'in': j.get('ingressInterface'), 'out': j.get('egressInterface'),
         'tos': j.get('ipClassOfService')}
    for k, f in (('first', 'flowStartMilliseconds'),
                 ('first', 'flowStartSysUpTime'),
                 ('last', 'flowEndMilliseconds'),
                 ('last', 'flowEndSysUpTime')):
        if f in j:
            r[k] = j[f]
    b.append(r)
if len(a) < minimum or len(a) != len(b):
    sys.exit('%s: tshark %d records, pflowlab %d (at least %d expected)'
             % (name, len(a), len(b), minimum))
bad = 0
for i, (x, y) in enumerate(zip(a, b)):
    for k, v in x.items():
        if v is not None and y.get(k) != v:
            print('%s record %d %s: tshark %r pflowlab %r'
                  % (name, i, k, v, y.get(k)))
            bad += 1
if bad:
    sys.exit('%s: %d values differ' % (name, bad))
print('%s: %d records agree with tshark' % (name, len(a)))
PY
done <<'EOF2'
pflow-openbsd 26 ipfix_test_openbsd_pflow_tpl.dat ipfix_test_openbsd_pflow_data.dat
v5-generic 1 netflow5.dat
v5-juniper-mx80 29 netflow5_test_juniper_mx80.dat
v5-mikrotik 1 netflow5_test_microtik.dat
v9-softflowd 1 netflow9_test_softflowd_tpl_data.dat
EOF2
exit $fail
