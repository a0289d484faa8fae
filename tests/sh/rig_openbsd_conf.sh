#!/bin/sh
# rig_openbsd_conf.sh: `pflowlab rig openbsd-conf` writes pf.conf,
# hostname.pflowN, hostname.IF and sysctl.conf equal to the goldens in
# tests/golden/rig/ (nat-to with a port range and pflow on both rules;
# rdr-to with pflow on the out rule, a tos match and two pflow interfaces;
# a live scenario with em(4) interface names), and a malformed scenario
# is exit 2 with file:line:column.  No root needed.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
bad=0
gold=tests/golden/rig
conf() {
	name=$1
	shift
	./pflowlab rig openbsd-conf "$@" -o "$tmp/$name" >"$tmp/out" 2>&1 ||
	    { echo "FAIL: $name: exit $?"; cat "$tmp/out"; bad=1; return; }
	diff -r "$gold/$name" "$tmp/$name" || { echo "FAIL: $name differs from $gold/$name"; bad=1; }
}
conf obsd-nat tests/data/rig/obsd-nat.scn
conf obsd-rdr tests/data/rig/obsd-rdr.scn
conf live-mixed-em --client-if em0 --server-if em1 --collector-if em2 \
    scenarios/live/mixed.scn

printf 'at 0s tcp 198.18.1.2:1 > 198.18.2.2 connect\n' >"$tmp/bad.scn"
./pflowlab rig openbsd-conf -o "$tmp/x" "$tmp/bad.scn" >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 2 ] || { echo "FAIL: bad scenario: exit $rc, expected 2"; bad=1; }
grep -q "bad.scn:1:[0-9]*:" "$tmp/out" || { echo "FAIL: no file:line:col"; cat "$tmp/out"; bad=1; }
./pflowlab rig openbsd-conf scenarios/live/mixed.scn >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: missing -o is not exit 2"; bad=1; }
[ $bad -eq 0 ] && echo "ok: OpenBSD configuration goldens"
exit $bad
