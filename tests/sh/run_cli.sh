#!/bin/sh
# run_cli.sh: pflowlab run / verify / report command lines: exit codes
# 0/1/2/77, a tampered record caught by verify with the right rule,
# shards merged back into one report, and --compare listing differences.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
bad=0
fail() {
	echo "FAIL: $*"
	bad=1
}
# expect RC CMD...: check the exit status of ./pflowlab CMD...
expect() {
	want=$1
	shift
	./pflowlab "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "pflowlab $*: exit $rc, expected $want"
		cat "$tmp/out" "$tmp/err"
	fi
}

expect 2 run
expect 2 run -o "$tmp/x" /nonexistent.scn
grep -q nonexistent "$tmp/err" || fail "run names the missing scenario"
expect 2 run --shard 3/2 scenarios/tcp-fin.scn
expect 2 run -q --gateway nosuch -o "$tmp/ns" scenarios/tcp-fin.scn
grep -q 'gateway' "$tmp/err" || fail "unknown gateway not named"
expect 0 run -q -o "$tmp/a" scenarios/tcp-fin.scn scenarios/udp-reqresp.scn \
    scenarios/neg-wrong-octets.scn

# verify by hand on the kept artifacts, then on a tampered record
d="$tmp/a/tcp-fin"
expect 0 verify --ledger "$d/ledger.jsonl" --records "$d/records.jsonl" \
    --findings "$d/findings.jsonl" --scenario scenarios/tcp-fin.scn \
    -o "$tmp/v.json"
sed 's/"octetDeltaCount":1284/"octetDeltaCount":1285/' "$d/records.jsonl" \
    >"$tmp/bad.jsonl"
cmp -s "$d/records.jsonl" "$tmp/bad.jsonl" && fail "tamper did not apply"
expect 1 verify --ledger "$d/ledger.jsonl" --records "$tmp/bad.jsonl" \
    --scenario scenarios/tcp-fin.scn -o "$tmp/v.json"
grep -q '"rule": "ACCT-OCTETS"' "$tmp/v.json" || fail "no ACCT-OCTETS"
grep -q '"expected": "1284"' "$tmp/v.json" || fail "no expected value"
# no scenario: profile defaults, protocol from the records
expect 1 verify --ledger "$d/ledger.jsonl" --records "$tmp/bad.jsonl"
expect 2 verify --ledger "$d/ledger.jsonl"
expect 2 verify --ledger /nonexistent --records "$d/records.jsonl"
printf '{"session":1,\n' >"$tmp/broken.jsonl"
expect 2 verify --ledger "$tmp/broken.jsonl" --records "$d/records.jsonl"
expect 2 verify --ledger "$d/ledger.jsonl" --records "$tmp/broken.jsonl"
grep -q 'broken.jsonl:1' "$tmp/err" || fail "no FILE:LINE for bad JSON"

# shards: 1/2 and 2/2 together are the whole run
expect 0 run -q --shard 1/2 -o "$tmp/s1" scenarios/tcp-fin.scn \
    scenarios/udp-reqresp.scn scenarios/neg-wrong-octets.scn
expect 0 run -q --shard 2/2 -o "$tmp/s2" scenarios/tcp-fin.scn \
    scenarios/udp-reqresp.scn scenarios/neg-wrong-octets.scn
expect 0 report --merge -o "$tmp/m" "$tmp/s1/report.json" "$tmp/s2/report.json"
grep -q '^3 scenarios: 3 passed' "$tmp/out" || fail "merge summary"
[ "$(grep -c '<testsuite ' "$tmp/m/junit.xml")" -eq 3 ] || fail "merged junit"

# compare: a run with itself has no difference; a changed one has
expect 0 report --compare "$tmp/a/report.json" "$tmp/m/report.json"
grep -q '^0 difference' "$tmp/out" || fail "compare same"
sed 's/"octetDeltaCount":1284/"octetDeltaCount":1285/' \
    "$tmp/a/tcp-fin/records.jsonl" >"$tmp/r2" && \
    mv "$tmp/r2" "$tmp/a/tcp-fin/records.jsonl"
./pflowlab verify -q --ledger "$d/ledger.jsonl" --records "$d/records.jsonl" \
    --scenario scenarios/tcp-fin.scn -o "$d/verdict.json"
python3 - "$tmp/a/report.json" "$d/verdict.json" "$tmp/b.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
v = json.load(open(sys.argv[2]))
for s in r["scenarios"]:
    if s["name"] == "tcp-fin":
        s["verdict"] = v
        s["status"] = "fail"
json.dump(r, open(sys.argv[3], "w"))
PY
expect 1 report --compare "$tmp/a/report.json" "$tmp/b.json"
grep -q 'tcp-fin: result pass -> fail' "$tmp/out" || fail "compare result"
grep -q 'tcp-fin: check ACCT-OCTETS PASS -> FAIL' "$tmp/out" ||
    fail "compare check"
grep -q 'octets 1284 -> 1285' "$tmp/out" || fail "compare flow"
expect 1 report -o "$tmp/c" "$tmp/b.json"

# two releases: nat-to under openbsd-7.8 and under openbsd-current; the
# -current NAT template adds the post-NAT address to the out-state
expect 0 run -q -o "$tmp/r78" scenarios/nat-to.scn
expect 0 run -q --profile openbsd-current -o "$tmp/rcur" scenarios/nat-to.scn
expect 1 report --compare "$tmp/r78/report.json" "$tmp/rcur/report.json"
grep -q '^profile openbsd-7.8 -> openbsd-current' "$tmp/out" ||
    fail "compare: profile line"
grep -q 'out-state v10: post_src absent -> "198.18.2.1"' "$tmp/out" ||
    fail "compare: NAT template difference"
expect 2 run -q --profile softflowd -o "$tmp/x" scenarios/nat-to.scn
expect 2 report --compare "$tmp/b.json"
expect 2 report /nonexistent.json
# a stage that runs away meets its CPU limit: an error, not a hang
printf '# more than a second of CPU\nat 0s repeat 3000000 every 10us src +1 udp 198.18.1.1:1000 > 198.18.2.2:53 send 1x10\n' \
    >"$tmp/spin.scn"
expect 2 run -q --cpu-limit 1 -o "$tmp/spin" "$tmp/spin.scn"
grep -q 'CPU limit of 1 s' "$tmp/out" || fail "cpu limit not reported"
exit $bad
