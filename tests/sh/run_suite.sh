#!/bin/sh
# run_suite.sh: the default suite (scenarios/INDEX) on the embedded
# simulator: every scenario passes (the negative ones by failing exactly
# as they say), and the reports are well formed: one JUnit root, TAP 14,
# a self-contained HTML page with the rule matrix and the timelines.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
bad=0
fail() {
	echo "FAIL: $*"
	bad=1
}

./pflowlab run -q -j 2 -o "$tmp/out" scenarios/INDEX >"$tmp/table" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || { fail "run exit $rc"; cat "$tmp/table" "$tmp/err"; }
n=$(grep -c '^[a-z0-9][a-z0-9-]* *PASS ' "$tmp/table")
want=$(grep -c '^[a-z0-9].*\.scn' scenarios/INDEX)
[ "$n" -eq "$want" ] || fail "$n of $want scenarios passed"
[ "$want" -ge 40 ] || fail "only $want scenarios in INDEX"
grep -q "^$want scenarios: $want passed, 0 failed, 0 errors" "$tmp/table" ||
    fail "summary line"
for f in report.json junit.xml report.tap report.md report.html; do
	[ -s "$tmp/out/$f" ] || fail "$f missing"
done
for s in tcp-fin neg-lost-datagram; do
	for f in traffic.pcap ledger.jsonl export.pcap records.jsonl \
	    findings.jsonl verdict.json; do
		[ -f "$tmp/out/$s/$f" ] || fail "$s/$f missing"
	done
done
# negative scenarios pass because their findings fired
grep -q '^neg-lost-datagram .*PASS.*failed as expected' "$tmp/table" ||
    fail "neg-lost-datagram not shown as failed as expected"
grep -q '"rule": "ACCT-LOST"' "$tmp/out/neg-lost-datagram/verdict.json" ||
    fail "neg-lost-datagram: no ACCT-LOST"
grep -q '"rule": "IPFIX-SEQ"' "$tmp/out/neg-lost-datagram/verdict.json" ||
    fail "neg-lost-datagram: no IPFIX-SEQ"
# JUnit: exactly one root element
[ "$(grep -c '<testsuites' "$tmp/out/junit.xml")" -eq 1 ] ||
    fail "junit.xml: not one <testsuites>"
[ "$(grep -c '<testsuite ' "$tmp/out/junit.xml")" -eq "$want" ] ||
    fail "junit.xml: not one <testsuite> per scenario"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$tmp/out/junit.xml" || fail "junit.xml not well formed"
fi
python3 -c "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" \
    "$tmp/out/junit.xml" 2>/dev/null || fail "junit.xml does not parse"
# TAP 14
[ "$(head -1 "$tmp/out/report.tap")" = "TAP version 14" ] || fail "TAP header"
grep -q "^1\.\.$want\$" "$tmp/out/report.tap" || fail "TAP plan"
grep -q '^not ok' "$tmp/out/report.tap" && fail "TAP: a scenario not ok"
# HTML: self-contained, matrix, timelines, flow tables
h="$tmp/out/report.html"
grep -qi '<script\|<link\|src="http\|href="http\|url(' "$h" &&
    fail "report.html uses an external resource"
grep -q 'id="matrix"' "$h" || fail "no rule matrix"
[ "$(grep -c '<svg' "$h")" -ge "$want" ] || fail "a timeline is missing"
grep -q '<td><code>ACCT-OCTETS</code>' "$h" || fail "matrix lacks ACCT-OCTETS"
grep -q '<td><code>IPFIX-SEQ</code>' "$h" || fail "matrix lacks IPFIX-SEQ"
# report.json parses and agrees
python3 - "$tmp/out/report.json" "$want" <<'PY' || fail "report.json"
import json, sys
r = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
assert r["summary"]["scenarios"] == n and r["summary"]["passed"] == n
assert all(s["verdict"]["pass"] for s in r["scenarios"])
PY
exit $bad
