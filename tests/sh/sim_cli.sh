#!/bin/sh
# sim_cli.sh: pflowlab sim from the command line: the three exporters
# (openbsd-7.8 IPFIX and v5, openbsd-current IPFIX) give export the
# collector decodes with no finding and with the records predicted;
# Ethernet and raw IP input with the sides from MACs or
# prefixes give the same records; bad usage is exit 2; --send reaches a
# collector on loopback in order.
set -u
cd "$(dirname "$0")/../.."
T=$(mktemp -d)
CPID=
trap '[ -n "$CPID" ] && kill "$CPID" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

./pflowlab gen scenarios/lang-web-dns.scn -o "$T/g" >/dev/null 2>&1 ||
	fail "gen"
P=$T/g/traffic.pcap

recs() {
	./pflowlab collect -q -r "$1" -w "$1.rec" -f "$1.find" --any-port \
	    >/dev/null 2>&1
	[ -s "$1.find" ] && { cat "$1.find"; fail "$2: conformance findings"; }
	# src sport dst dport packets octets, sorted
	sed 's/.*"sourceIPv4Address":"\([^"]*\)".*"destinationIPv4Address":"\([^"]*\)".*"packetDeltaCount":\([0-9]*\),"octetDeltaCount":\([0-9]*\).*"sourceTransportPort":\([0-9]*\),"destinationTransportPort":\([0-9]*\).*/\1 \5 \2 \6 \3 \4/' \
	    "$1.rec" | sort
}

./pflowlab sim -q -r "$P" -p openbsd-7.8 --proto ipfix -w "$T/a.pcap" ||
	fail "sim 7.8 ipfix"
recs "$T/a.pcap" ipfix >"$T/a.txt"
[ "$(wc -l <"$T/a.txt")" -eq 4 ] || { cat "$T/a.txt"; fail "4 records"; }
./pflowlab sim -q -r "$P" -p openbsd-7.8 --proto v5 -w "$T/b.pcap" ||
	fail "sim v5"
recs "$T/b.pcap" v5 >"$T/b.txt"
cmp -s "$T/a.txt" "$T/b.txt" || { diff "$T/a.txt" "$T/b.txt"; fail "v5 != ipfix"; }
./pflowlab sim -q -r "$P" -p openbsd-current --proto ipfix -w "$T/c.pcap" ||
	fail "sim current"
recs "$T/c.pcap" current >"$T/c.txt"
cmp -s "$T/a.txt" "$T/c.txt" || fail "current != 7.8"

# a user pcap: raw IP, sides from prefixes or MACs
editcap -C 14 -T rawip "$P" "$T/raw.pcap" >/dev/null 2>&1 || {
	echo "editcap cannot convert link types"; exit 77; }
./pflowlab sim -q -r "$T/raw.pcap" --client-net 198.18.1.0/24 \
    -w "$T/d.pcap" || fail "raw ip"
recs "$T/d.pcap" raw >"$T/d.txt"
cmp -s "$T/a.txt" "$T/d.txt" || { diff "$T/a.txt" "$T/d.txt"; fail "raw"; }
./pflowlab sim -q -r "$T/raw.pcap" --server-net 198.18.2.0/24 \
    -w "$T/e.pcap" || fail "server-net"
recs "$T/e.pcap" server-net >"$T/e.txt"
cmp -s "$T/a.txt" "$T/e.txt" || fail "server-net records"
./pflowlab sim -q -r "$P" --client-mac 02:70:66:01:00:02 -w "$T/f.pcap" ||
	fail "client-mac"
recs "$T/f.pcap" mac >"$T/f.txt"
cmp -s "$T/a.txt" "$T/f.txt" || fail "client-mac records"
# the wrong side: every connection "comes from the server", so the
# in-state is on interface 2 instead of 1 (same records otherwise)
./pflowlab sim -q -r "$P" --client-mac 02:00:00:00:00:99 -w "$T/g.pcap" ||
	fail "other mac"
grep -q '"ingressInterface":2' "$T/g.pcap.rec" 2>/dev/null ||
	recs "$T/g.pcap" other >/dev/null
grep -q '"ingressInterface":2' "$T/g.pcap.rec" || fail "side from MAC"

# usage and input errors: exit 2 with a message
for a in "" "-r $P" "-r $T/none.pcap -w $T/x.pcap" \
    "-r $P -w $T/x.pcap -p nosuch" "-r $P -w $T/x.pcap --proto 9" \
    "-r $P -w $T/x.pcap --fault 'drop sometimes'" \
    "-r $P -w $T/x.pcap --timeout tcp.nosuch=3" \
    "-r $P -w $T/x.pcap --mtu 10" "-r $P -w $T/x.pcap --pflow sideways" \
    "--live" "--live --client-if lo --server-if lo" \
    "--live --client-if lo --server-if lo --collector nohost:9" \
    "--live -r $P --client-if lo --server-if lo --collector 127.0.0.1:9" \
    "-r $P -w $T/x.pcap --client-if lo" \
    "--live --client-if pflnosuch0 --server-if pflnosuch1 --collector 127.0.0.1:9"; do
	eval ./pflowlab sim $a >"$T/out" 2>&1
	rc=$?
	[ $rc -eq 2 ] || { cat "$T/out"; fail "'$a' exit $rc, want 2"; }
	[ -s "$T/out" ] || fail "'$a' said nothing"
done

# --send: a live collector on loopback gets the same datagrams in order
port=$(( 20000 + $$ % 20000 ))
./pflowlab collect -l 127.0.0.1:$port -n 9 -t 10 -w "$T/live.rec" \
    -f "$T/live.find" 2>"$T/coll.err" >/dev/null &
CPID=$!
i=0
while ! grep -q listening "$T/coll.err" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 100 ] && { cat "$T/coll.err"; echo "collector did not start"; exit 77; }
	kill -0 $CPID 2>/dev/null || { cat "$T/coll.err"; echo "collector cannot listen"; exit 77; }
	sleep 0.1
done
./pflowlab sim -q -r "$P" --send 127.0.0.1:$port || fail "send"
wait $CPID
CPID=
[ -s "$T/live.find" ] && { cat "$T/live.find"; fail "live findings"; }
[ "$(wc -l <"$T/live.rec")" -eq 4 ] || fail "live records"
echo ok
