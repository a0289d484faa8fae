#!/bin/sh
# rig_softflowd.sh: every live scenario (scenarios/live/*.scn, at least
# 8) played with real kernel sockets through the namespace rig, exported
# by softflowd as NetFlow v5 and as IPFIX (mixed.scn also as v9),
# collected live by `pflowlab collect -l` in the collector namespace;
# the truth re-derived from the capture at the gateway's edge must match
# the records with zero differences (rig run exits 0), and no stray
# traffic crossed.  (The
# checker's planted defects are in tests/unit/test_rig_check.c; a real
# collector defect is caught in rig_nfcapd.sh.)
# SKIPPED (77) without root or softflowd.
set -u
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then
	echo "SKIPPED: the namespace rig needs root"
	exit 77
fi
for t in softflowd softflowctl ethtool; do
	command -v $t >/dev/null 2>&1 || {
		echo "SKIPPED: $t is not installed"
		exit 77
	}
done
[ -f build/pcapshim.so ] || { echo "FAIL: build/pcapshim.so not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
bad=0
n=0
# one scenario under v5 and IPFIX at the same time: two rigs coexist
check() {
	s=$1
	e=$2
	o="$tmp/$(basename "$s" .scn)-$e"
	timeout 120 ./pflowlab rig run -q -I 1 -e $e -o "$o" "$s" \
	    >"$o.log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL: $s $e: exit $rc"
		cat "$o.log"
		cat "$o/live.txt" 2>/dev/null
		return 1
	fi
	if grep -q '"session":0,' "$o/ledger.jsonl"; then
		echo "FAIL: $s $e: stray traffic in the capture"
		return 1
	fi
	return 0
}
for s in scenarios/live/*.scn; do
	n=$((n + 1))
	check "$s" softflowd-v5 &
	p5=$!
	check "$s" softflowd-ipfix || bad=1
	wait $p5 || bad=1
done
[ $n -ge 8 ] || { echo "FAIL: only $n live scenarios"; bad=1; }
# NetFlow v9 too (its header has whole seconds: 1 s timestamp tolerance)
check scenarios/live/mixed.scn softflowd-v9 || bad=1

[ $bad -eq 0 ] && echo "ok: $n scenarios x (v5, IPFIX) with zero differences"
exit $bad
