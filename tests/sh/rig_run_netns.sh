#!/bin/sh
# rig_run_netns.sh: `pflowlab run --gateway netns` plays the live
# scenarios (two rigs at a time) through softflowd and reports like a
# simulator run: every scenario passes verify under the softflowd profile,
# the reports are written, and a scenario the Linux rig cannot play (IPv6)
# is skipped with the reason.  SKIPPED (77) without root or softflowd.
set -u
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then
	echo "SKIPPED: the namespace rig needs root"
	exit 77
fi
for t in softflowd ethtool; do
	command -v $t >/dev/null 2>&1 || { echo "SKIPPED: $t is not installed"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "FAIL: $*"
	exit 1
}
mkdir "$tmp/suite"
cp scenarios/live/*.scn "$tmp/suite/"
cat >"$tmp/suite/v6.scn" <<'EOS'
# an IPv6 session: not for the Linux rig
at 0s tcp [2001:db8::2]:40000 > [2001:db8:1::2]:80 connect; send 1x100; close fin
EOS
timeout 300 ./pflowlab run --gateway netns -j 2 -o "$tmp/out" "$tmp/suite" >"$tmp/log" 2>&1
rc=$?
[ $rc -eq 0 ] || { cat "$tmp/log"; fail "run exit $rc"; }
n=$(ls scenarios/live/*.scn | wc -l)
grep -q "$((n + 1)) scenarios: $n passed, 0 failed, 0 errors, 1 skipped" "$tmp/log" ||
    { cat "$tmp/log"; fail "summary"; }
grep -q 'IPv4 only' "$tmp/out/v6/run.json" || fail "no skip reason for v6"
for f in report.html report.json junit.xml report.tap report.md; do
	[ -s "$tmp/out/$f" ] || fail "$f missing"
done
for d in "$tmp"/out/mixed "$tmp"/out/udp; do
	for f in ledger.jsonl ledger-intended.jsonl records.jsonl export.pcap \
	    edge-client.pcap edge-server.pcap verdict.json rig.log; do
		[ -s "$d/$f" ] || fail "$d/$f missing"
	done
done
echo "ok: run --gateway netns: $n live scenarios pass, IPv6 skipped"
exit 0
