#!/bin/sh
# rig_sim_live.sh: `pflowlab sim --live` as the rig's exporter (-e sim):
# the embedded PF + pflow model captures the gateway namespace's two
# veths, runs on the real clock and exports IPFIX over UDP to
# `pflowlab collect -l` in the collector namespace.  Every live scenario
# (scenarios/live/*.scn, at least 4) must join with the truth from the
# gateway's edge capture with zero differences under pflow's semantics
# (records at state removal, all of them at the SIGTERM flush; times in
# whole seconds), and:
#  - the simulator saw each packet once (inbound only: its packet count
#    equals the packets of the client-edge truth), lost none, and
#    flushed at SIGTERM (its summary is written);
#  - the collector finds nothing wrong with the export (conformance
#    under the openbsd-7.8 profile);
#  - one scenario also as NetFlow v5 (the scenario's `export v5`);
#  - states expire on the real clock (the purge driven by poll()
#    timeouts) with the rig's short timeouts;
#  - a planted defect (the scenario's `fault counter record 0 packets
#    +1`) must make the join fail with LIVE-PACKETS;
#  - no namespace of a run is left behind.
# SKIPPED (77) without root.
set -u
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then
	echo "SKIPPED: the namespace rig needs root"
	exit 77
fi
command -v ethtool >/dev/null 2>&1 || {
	echo "SKIPPED: ethtool is not installed"
	exit 77
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
bad=0
n=0

# run NAME SCENARIO: one rig run; sets rc and leaves $tmp/NAME/
run() {
	o="$tmp/$1"
	timeout 60 ./pflowlab rig run -q -I 1 -e sim -o "$o" "$2" \
	    >"$o.log" 2>&1
	rc=$?
	prefix=$(sed -n 's/.*; rig \(pfl[0-9]*\))$/\1/p' "$o.log")
	if [ -n "$prefix" ] && ip netns list | grep -q "^$prefix-"; then
		echo "FAIL: $2: namespaces of $prefix left behind"
		bad=1
	fi
}

# check NAME SCENARIO: must pass with zero differences
check() {
	run "$1" "$2"
	o="$tmp/$1"
	if [ $rc -ne 0 ]; then
		echo "FAIL: $2: rig run exit $rc"
		cat "$o.log" "$o/exporter.log" "$o/live.txt" 2>/dev/null
		return 1
	fi
	# every packet that crossed the client edge (the truth), each
	# entered the gateway once
	cap=$(sed -n 's/.*"packets":\([0-9]*\),.*/\1/p' "$o/ledger.jsonl" |
	    awk '{ n += $1 } END { print n + 0 }')
	sim=$(sed -n 's/^pflowlab sim: \([0-9]*\) packets (.*/\1/p' \
	    "$o/exporter.log")
	if [ -z "$sim" ]; then
		echo "FAIL: $2: the simulator wrote no summary (no flush at" \
		    "SIGTERM?)"
		cat "$o/exporter.log"
		return 1
	fi
	if [ "$sim" != "$cap" ]; then
		echo "FAIL: $2: the simulator saw $sim packets, the edge" \
		    "capture $cap"
		return 1
	fi
	if ! grep -q ' 0 capture drops$' "$o/exporter.log"; then
		echo "FAIL: $2: the simulator's capture lost packets"
		cat "$o/exporter.log"
		return 1
	fi
	# the collector checks the export against the openbsd-7.8 rules
	if [ -s "$o/findings.jsonl" ]; then
		echo "FAIL: $2: the live export breaks pflow's rules"
		cat "$o/findings.jsonl"
		return 1
	fi
	if grep -q '"session":0,' "$o/ledger.jsonl"; then
		echo "FAIL: $2: stray traffic in the capture"
		return 1
	fi
	return 0
}

for s in scenarios/live/*.scn; do
	n=$((n + 1))
	check "$(basename "$s" .scn)" "$s" || bad=1
done
[ $n -ge 4 ] || { echo "FAIL: only $n live scenarios"; bad=1; }

# NetFlow v5 from the same model
{ cat scenarios/live/mixed.scn; echo "export v5"; } >"$tmp/mixed-v5.scn"
if check mixed-v5 "$tmp/mixed-v5.scn"; then
	grep -q '"version":5,' "$tmp/mixed-v5/records.jsonl" || {
		echo "FAIL: export v5 gave no NetFlow v5 records"
		bad=1
	}
else
	bad=1
fi

# the real clock: with -I 1 the rig cuts udp.* to 2 s, so the first
# exchange's two states (in on gc, out on gs) expire in the purge that
# poll() timeouts drive, 3 s before the second one and the final flush
cat >"$tmp/expire.scn" <<EOF
# two UDP exchanges 3 s apart
client 198.18.1.0/24
server 198.18.2.0/24
at 0s udp 198.18.1.2:5400 > 198.18.2.2:53 send 1x40; recv 1x100
at 3s udp 198.18.1.2:5401 > 198.18.2.2:53 send 1x40; recv 1x100
EOF
if check expire "$tmp/expire.scn"; then
	x=$(sed -n 's/.* states (\([0-9]*\) expired, .*/\1/p' \
	    "$tmp/expire/exporter.log")
	if [ "${x:-0}" -lt 2 ]; then
		echo "FAIL: no state expired on the real clock (${x:-none})"
		cat "$tmp/expire/exporter.log"
		bad=1
	fi
else
	bad=1
fi

# the planted defect: one record claims a packet more than crossed
{ cat scenarios/live/mixed.scn; echo "fault counter record 0 packets +1"; } \
    >"$tmp/planted.scn"
run planted "$tmp/planted.scn"
if [ $rc -ne 1 ] || ! grep -q '"rule":"LIVE-PACKETS"' \
    "$tmp/planted/live-findings.jsonl" 2>/dev/null; then
	echo "FAIL: a record with one packet too many was not caught" \
	    "(exit $rc)"
	cat "$tmp/planted.log"
	bad=1
fi

[ $bad -eq 0 ] && echo "ok: $n live scenarios (+ v5) through sim --live" \
    "with zero differences, states expired live; the planted counter" \
    "defect caught"
exit $bad
