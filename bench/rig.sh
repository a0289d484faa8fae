#!/bin/sh
# rig.sh: the live rig's benchmarks (root only; else "skipped").
#  1. injection: `pflowlab rig inject` (pcap_inject of gen's frames) onto
#     the client veth, next to `tcpreplay --topspeed` on the same veth
#     with the same pcap, in the same run: packets/s and the ratio.
#  2. collection: the highest loss-free rate of `pflowlab collect -l` and
#     of nfcapd on the same NetFlow v5 stream, replayed by tcpreplay into
#     the collector namespace at rising rates (2.5k .. 320k datagrams/s,
#     then topspeed); loss is the namespace's UDP receive-buffer errors
#     plus datagrams that never arrived, counted after the collector has
#     drained its socket.
# Network traffic stays inside one rig's namespaces.
set -u
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
	echo "rig: skipped (the namespace rig needs root)"
	exit 0
fi
for t in tcpreplay nfcapd python3 ethtool; do
	command -v $t >/dev/null 2>&1 || { echo "rig: skipped ($t missing)"; exit 0; }
done
tmp=$(mktemp -d)
p=
cpid=
trap '[ -n "$cpid" ] && kill $cpid 2>/dev/null; [ -n "$p" ] && ./pflowlab rig down $p; rm -rf "$tmp"' EXIT INT TERM
p=$(./pflowlab rig up) || { echo "rig: rig up failed"; exit 1; }

# 1. injection
cat >"$tmp/inj.scn" <<'EOS'
# bench: many UDP exchanges, frames up to 1442 octets
client 198.18.1.0/24
server 198.18.2.0/24
at 0s repeat 2000 every 1ms sport +1 udp 198.18.1.2:20000 > 198.18.2.2:9 send 5x64; recv 5x1400
EOS
./pflowlab gen "$tmp/inj.scn" -o "$tmp/g" >/dev/null || exit 1
n=$(tcpdump -r "$tmp/g/traffic.pcap" 2>/dev/null | wc -l)
ours=$(./pflowlab rig inject -n "$p-cli" -i c0 -l 5 "$tmp/g/traffic.pcap" |
    sed -n 's/.*: \([0-9]*\) packets\/s.*/\1/p')
theirs=$(ip netns exec "$p-cli" tcpreplay --topspeed -l 5 -i c0 "$tmp/g/traffic.pcap" 2>&1 |
    sed -n 's/.*Mbps, \([0-9.]*\) pps.*/\1/p')
theirs=${theirs%.*}
echo "injection onto a veth, $n frames x 5:"
echo "  pflowlab rig inject      ${ours:-?} packets/s"
echo "  tcpreplay --topspeed     ${theirs:-?} packets/s"
[ -n "$ours" ] && [ -n "$theirs" ] && [ "$theirs" -gt 0 ] &&
    echo "  ratio                    $(echo "$ours $theirs" | awk '{printf "%.2f", $1 / $2}')"

# 2. collection
N=40000
mac=$(ip -n "$p-col" -o link show k0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
python3 bench/rig_mkstream.py "$tmp/stream.pcap" $N "$mac" || exit 1
snmp() {	# InDatagrams RcvbufErrors of the collector namespace
	ip netns exec "$p-col" cat /proc/net/snmp |
	    awk '/^Udp:/ { if (h) { print $2, $6; exit } h = 1 }'
}
rxq() {	# the collector socket's receive queue (port 9995 = 0x270B)
	q=$(ip netns exec "$p-col" cat /proc/net/udp |
	    awk '$2 ~ /:270B$/ { split($5, q, ":"); print q[2]; exit }')
	[ -n "$q" ] && echo $((0x$q))
}
best() {	# best COLLECTOR: highest loss-free rate
	name=$1
	top=0
	toprate=
	for r in 2500 5000 10000 20000 40000 80000 160000 320000 top; do
		case $name in
		pflowlab)
			ip netns exec "$p-col" ./pflowlab collect -q -l 198.19.253.2:9995 \
			    >/dev/null 2>"$tmp/c.log" &
			cpid=$! ;;
		nfcapd)
			rm -rf "$tmp/nf"; mkdir "$tmp/nf"
			ip netns exec "$p-col" nfcapd -w "$tmp/nf" -b 198.19.253.2 -p 9995 \
			    -t 3600 >/dev/null 2>&1 &
			cpid=$! ;;
		esac
		i=0
		while [ -z "$(rxq)" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
		set -- $(snmp)
		in0=$1 err0=$2
		if [ $r = top ]; then
			toprate=$(ip netns exec "$p-gw" tcpreplay --topspeed -i gk "$tmp/stream.pcap" 2>&1 |
			    sed -n 's/.*Mbps, \([0-9]*\).* pps.*/\1/p')
		else
			ip netns exec "$p-gw" tcpreplay --pps=$r -i gk "$tmp/stream.pcap" >/dev/null 2>&1
		fi
		i=0
		while [ "$(rxq)" != 0 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
		set -- $(snmp)
		lost=$(( (N - ($1 - in0)) + ($2 - err0) ))
		kill $cpid 2>/dev/null; wait $cpid 2>/dev/null; cpid=
		[ $lost -gt 0 ] && break
		top=$r
		[ $r = top ] && top="topspeed (${toprate:-?}/s)"
	done
	case $top in top*) echo "$top" ;; *) echo "$top datagrams/s" ;; esac
}
a=$(best pflowlab)
b=$(best nfcapd)
echo "collection of NetFlow v5 (30 records per datagram, $N datagrams):"
echo "  pflowlab collect -l      highest loss-free rate ${a}"
echo "  nfcapd (nfdump 1.7.1)    highest loss-free rate ${b}"
exit 0
