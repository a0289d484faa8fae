#!/bin/sh
# rig_nfcapd.sh: the third-party collector under test.  softflowd exports
# live to a real nfcapd (nfdump 1.7.1) in the collector namespace; what
# nfcapd stored, read back with nfdump -o json, must match the capture
# for NetFlow v5 and for IPFIX with absolute millisecond timestamps.  With
# IPFIX uptime timestamps (softflowd's default, -U) nfdump 1.7.1 stores
# first and last swapped (nfdump issue #408): the run must FAIL (exit 1)
# with LIVE-TS-SWAP findings, and only those.
# SKIPPED (77) without root, softflowd or nfdump.
set -u
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then
	echo "SKIPPED: the namespace rig needs root"
	exit 77
fi
for t in softflowd nfcapd nfdump ethtool; do
	command -v $t >/dev/null 2>&1 || {
		echo "SKIPPED: $t is not installed"
		exit 77
	}
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
bad=0
s=scenarios/live/mixed.scn
for e in softflowd-v5 softflowd-ipfix; do
	timeout 60 ./pflowlab rig run -q -I 1 -C nfcapd -e $e -o "$tmp/$e" "$s" \
	    >"$tmp/log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL: nfcapd $e: exit $rc"
		cat "$tmp/log" "$tmp/$e/live.txt"
		bad=1
	fi
done
timeout 60 ./pflowlab rig run -q -I 1 -C nfcapd -e softflowd-ipfix -U \
    -o "$tmp/uptime" "$s" >"$tmp/log" 2>&1
rc=$?
if [ $rc -ne 1 ]; then
	echo "FAIL: nfcapd with IPFIX uptime timestamps: exit $rc, expected 1"
	cat "$tmp/log"
	bad=1
fi
n=$(grep -c '"rule":"LIVE-TS-SWAP"' "$tmp/uptime/live-findings.jsonl")
other=$(grep -vc '"rule":"LIVE-TS-SWAP"' "$tmp/uptime/live-findings.jsonl")
if [ "$n" -lt 1 ] || [ "$other" -ne 0 ]; then
	echo "FAIL: expected only LIVE-TS-SWAP findings, got $n and $other others"
	cat "$tmp/uptime/live-findings.jsonl"
	bad=1
fi
[ $bad -eq 0 ] && echo "ok: nfcapd kept v5 and IPFIX (milli); swapped uptime timestamps caught ($n flows)"
exit $bad
