#!/bin/sh
# collect_cli.sh: pflowlab collect's command line: usage errors and
# unreadable inputs exit 2 naming the culprit, error findings exit 1,
# a clean stream exits 0, -h exits 0, outputs go where they are told.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
bad=0
# expect RC ARGS...: run pflowlab collect, check the exit status
expect() {
	want=$1
	shift
	${PFLOWLAB:-./pflowlab} collect "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne "$want" ]; then
		echo "FAIL: collect $*: exit $rc, expected $want"
		cat "$tmp/err"
		bad=1
	fi
}
# a well-formed v5 datagram (1 record) and a broken one (count 2)
printf '\000\005\000\001\000\001\206\240\151\125\237\200\000\000\000\000\000\000\000\000\000\000\000\000' >"$tmp/ok.dat"
printf '\306\022\000\001\306\023\000\002\000\000\000\000\000\001\000\002\000\000\000\001\000\000\000\100\000\001\137\220\000\001\203\170\234\100\000\120\000\000\006\000\000\000\000\000\000\000\000\000' >>"$tmp/ok.dat"
cp "$tmp/ok.dat" "$tmp/bad.dat"
printf '\000\002' | dd of="$tmp/bad.dat" bs=1 seek=2 conv=notrunc 2>/dev/null

expect 0 -h
grep -q '^usage: pflowlab collect' "$tmp/out" || { echo "FAIL: -h"; bad=1; }
expect 2
grep -q 'no input' "$tmp/err" || { echo "FAIL: no-input message"; bad=1; }
expect 2 --no-such-option -r x.pcap
expect 2 -c notanumber -r x.pcap
expect 2 -p 70000 -r x.pcap
expect 2 --profile no-such-profile -r x.pcap
grep -q "unknown profile 'no-such-profile'" "$tmp/err" ||
    { echo "FAIL: profile message"; bad=1; }
expect 2 -r "$tmp/missing.pcap"
grep -q "$tmp/missing.pcap" "$tmp/err" ||
    { echo "FAIL: missing pcap not named"; bad=1; }
expect 2 --raw "$tmp/missing.dat"
grep -q "$tmp/missing.dat" "$tmp/err" ||
    { echo "FAIL: missing raw file not named"; bad=1; }
expect 2 -r "$tmp/ok.dat"		# not a pcap
grep -q "$tmp/ok.dat" "$tmp/err" || { echo "FAIL: bad pcap not named"; bad=1; }
expect 2 -l 127.0.0.1:0 -r x.pcap
expect 2 -l 'not-an-address:1'
expect 2 --raw -w /nonexistent/dir/r.jsonl "$tmp/ok.dat"
grep -q "/nonexistent/dir/r.jsonl" "$tmp/err" ||
    { echo "FAIL: unwritable output not named"; bad=1; }

expect 0 --raw -q -w "$tmp/r.jsonl" --csv "$tmp/r.csv" \
    --text "$tmp/r.txt" -f "$tmp/f.jsonl" "$tmp/ok.dat"
[ "$(wc -l <"$tmp/r.jsonl")" -eq 1 ] || { echo "FAIL: -w"; bad=1; }
[ "$(wc -l <"$tmp/r.csv")" -eq 2 ] || { echo "FAIL: --csv"; bad=1; }
grep -q '^  rec tmpl=0 off=24 src=198.18.0.1 dst=198.19.0.2 sport=40000 dport=80 proto=6 ' "$tmp/r.txt" ||
    { echo "FAIL: --text"; cat "$tmp/r.txt"; bad=1; }
[ -f "$tmp/f.jsonl" ] && [ ! -s "$tmp/f.jsonl" ] ||
    { echo "FAIL: findings of a clean datagram"; cat "$tmp/f.jsonl"; bad=1; }
[ ! -s "$tmp/err" ] || { echo "FAIL: -q printed"; cat "$tmp/err"; bad=1; }

expect 1 --raw -f - --exporter 198.18.0.1:2055 "$tmp/bad.dat"
grep -q '"rule":"V5-LENGTH".*"exporter":"198.18.0.1:2055"' "$tmp/out" ||
    { echo "FAIL: V5-LENGTH finding"; cat "$tmp/out"; bad=1; }
grep -q 'finding V5-LENGTH' "$tmp/err" ||
    { echo "FAIL: summary on stderr"; cat "$tmp/err"; bad=1; }
expect 1 --raw -s "$tmp/bad.dat"
grep -q 'errors [1-9]' "$tmp/out" || { echo "FAIL: -s summary"; bad=1; }
# -c 0 is no limit, -n 1 stops after the first datagram
expect 0 --raw -n 1 -w - "$tmp/ok.dat" "$tmp/bad.dat"
[ "$(wc -l <"$tmp/out")" -eq 1 ] || { echo "FAIL: -n 1"; bad=1; }
# --profile: the clean v5 datagram is not pflow's (engine 0/0); held to
# openbsd-7.8 it fails, with the default (auto) and none it passes
expect 1 --raw -q -f - --profile openbsd-7.8 "$tmp/ok.dat"
grep -q '"rule":"PFLOW-V5-ENGINE"' "$tmp/out" ||
    { echo "FAIL: --profile openbsd-7.8"; cat "$tmp/out"; bad=1; }
expect 0 --raw -q -f - --profile none "$tmp/ok.dat"
[ ! -s "$tmp/out" ] || { echo "FAIL: --profile none"; bad=1; }

# a capture cut in the middle of its last frame: the frames before
# count, with a warning naming the file
expect 0 --raw -q --exporter 198.18.0.1:2055 -W "$tmp/three.pcap" \
    "$tmp/ok.dat" "$tmp/ok.dat" "$tmp/ok.dat"
size=$(wc -c <"$tmp/three.pcap")
head -c $((size - 10)) "$tmp/three.pcap" >"$tmp/cut.pcap"
expect 0 -q -r "$tmp/cut.pcap" -w -
[ "$(wc -l <"$tmp/out")" -eq 2 ] || { echo "FAIL: cut pcap records"; bad=1; }
grep -q "$tmp/cut.pcap.*cut short" "$tmp/err" ||
    { echo "FAIL: cut pcap warning"; cat "$tmp/err"; bad=1; }
[ $bad -eq 0 ] && echo "command line ok"
exit $bad
