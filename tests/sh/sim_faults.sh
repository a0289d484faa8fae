#!/bin/sh
# sim_faults.sh: each fault the simulator commits on demand makes the
# collector (and, for a wrong counter, the verifier) report exactly the
# finding it plants, and nothing when no fault is asked for.  The base
# traffic is tests/golden/sim/faults-base.scn: 60 UDP exchanges, export
# datagrams 0 template (T), 1 template (T+30), 2.. data from T+32 on.
set -u
cd "$(dirname "$0")/../.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
S=tests/golden/sim/faults-base.scn
./pflowlab gen "$S" -o "$T" >/dev/null 2>&1 || { echo "FAIL: gen"; exit 1; }
fail=0

# run EXTRA-ARGS; prints "N RULE" lines of the collector's findings
run() {
	eval ./pflowlab sim -q -r "$T/traffic.pcap" -s "$S" -w "$T/e.pcap" "$@" ||
	    { echo "sim failed"; return; }
	./pflowlab collect -q -r "$T/e.pcap" -w "$T/r.jsonl" -f "$T/f.jsonl" \
	    --any-port >/dev/null 2>&1
	sed 's/^{"rule":"\([^"]*\)".*/\1/' "$T/f.jsonl" | sort | uniq -c |
	    awk '{ printf "%s %s;", $1, $2 }'
}

check() {
	want=$1
	shift
	got=$(run "$@")
	if [ "$got" != "$want" ]; then
		echo "FAIL: $*: want '$want', got '$got'"
		fail=1
	else
		echo "ok $*: '$got'"
	fi
}

check "" ""
check "1 IPFIX-SEQ;" --fault "'drop dgram 3'"
# dgram 3 is the second data message: the same by data index
check "1 IPFIX-SEQ;" --fault "'drop data 1'"
check "1 IPFIX-SEQ-DUP;" --fault "'dup dgram 3'"
check "1 IPFIX-SEQ;1 IPFIX-SEQ-REORDER;" --fault "'reorder dgram 3'"
check "1 IPFIX-SEQ-RESET;" --fault "'restart at 45s'"
check "1 IPFIX-SEQ;" --fault "'seq-jump +5 at dgram 4'"
# the data leaves before the second template when states expire in 5 s
# and fill whole messages: losing the first template leaves them blind
check "4 IPFIX-NOTMPL;" --timeout udp.single=5 --fault "'lose-template 0'"
# NetFlow v5
check "" --proto v5
check "1 V5-SEQ;" --proto v5 --fault "'drop dgram 1'"
check "1 V5-SEQ-DUP;" --proto v5 --fault "'dup dgram 1'"
check "1 V5-SEQ;" --proto v5 --fault "'seq-jump +5 at dgram 2'"

# a clock step: only export-time findings
got=$(run --fault "'clock-step +3600s at 20s'")
case "$got" in
*IPFIX-EXPORT-TIME\;) case "$got" in *";"*";"*) echo "FAIL: clock-step: $got"; fail=1 ;; *) echo "ok clock-step: '$got'" ;; esac ;;
*) echo "FAIL: clock-step: '$got'"; fail=1 ;;
esac
# a wrong template: something must be reported
got=$(run --fault "'wrong-template'")
[ -n "$got" ] || { echo "FAIL: wrong-template unnoticed"; fail=1; }
# a rate is random but repeatable with the seed
a=$(run --fault "'drop rate 0.3'" --seed 7)
cp "$T/e.pcap" "$T/e1.pcap"
b=$(run --fault "'drop rate 0.3'" --seed 7)
cmp -s "$T/e.pcap" "$T/e1.pcap" || { echo "FAIL: seed not repeatable"; fail=1; }
[ -n "$a" ] || { echo "FAIL: drop rate 0.3 seed 7 dropped nothing"; fail=1; }

# a wrong counter is invisible to conformance, the verifier sees it
got=$(run --fault "'counter record 2 octets +1'")
[ -z "$got" ] || { echo "FAIL: counter: conformance said '$got'"; fail=1; }
./pflowlab verify --ledger "$T/ledger.jsonl" --records "$T/r.jsonl" \
    --findings "$T/f.jsonl" >"$T/v" 2>&1
grep -q "ACCT-OCTETS.*expected 92, observed 93" "$T/v" ||
	{ cat "$T/v"; echo "FAIL: counter fault not found by verify"; fail=1; }
[ "$(grep -c '^ACCT' "$T/v")" -eq 1 ] ||
	{ cat "$T/v"; echo "FAIL: more than the one counter"; fail=1; }
exit $fail
