#!/bin/sh
# collect_live.sh: pflowlab collect -l on loopback (IPv4 and IPv6) with
# an ephemeral port.  The test waits for the readiness line on a fifo,
# sends NetFlow v5 datagrams from python3, and the collector stops by
# itself after -n datagrams; then SIGTERM must stop it cleanly with its
# outputs flushed.  No sleep anywhere.
set -u
cd "$(dirname "$0")/../.."
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIPPED: python3 is needed to send the datagrams"
	exit 77
fi
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "FAIL: $*"
	for f in "$tmp"/*.err "$tmp"/*.sum; do
		[ -f "$f" ] && { echo "--- $f"; cat "$f"; }
	done
	exit 1
}

# send.py HOST PORT N: N v5 datagrams of 2 records, sequence 0, 2, 4, ...
cat >"$tmp/send.py" <<'PY'
import socket, struct, sys
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
fam = socket.AF_INET6 if ':' in host else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.bind((host, 0))
print(s.getsockname()[1])
for i in range(n):
    h = struct.pack('>HHIIIIBBH', 5, 2, 100000, 1767225600, 0, 2 * i,
                    0, 0, 0)
    r = b''
    for k in range(2):
        r += struct.pack('>4s4s4sHHIIIIHHBBBBHHBBH',
                         bytes([198, 18, 0, 1]), bytes([198, 19, 0, 2]),
                         b'\0' * 4, 1, 2, 10 * i + k + 1, 1000 + k,
                         90000, 99000, 40000 + k, 80, 0, 0, 6, 0,
                         0, 0, 0, 0, 0)
    s.sendto(h + r, (host, port))
PY

# start NAME ADDR ARGS...: run the collector, wait for its readiness line,
# set $port
start() {
	name=$1
	addr=$2
	shift 2
	rm -f "$tmp/fifo"
	mkfifo "$tmp/fifo"
	./pflowlab collect -l "$addr" -t 30 -w "$tmp/$name.jsonl" -s "$@" \
	    2>"$tmp/fifo" >"$tmp/$name.sum" &
	pid=$!
	exec 3<"$tmp/fifo"
	IFS= read -r line <&3 || fail "$name: no readiness line"
	case "$line" in
	*"listening on "*) ;;
	*) fail "$name: unexpected first line: $line" ;;
	esac
	port=${line##*:}
	port=${port%% *}
	echo "$name: $line"
}

finish() {
	wait "$pid"
	rc=$?
	pid=
	cat <&3 >"$tmp/$1.err"
	exec 3<&-
}

fams=4
if python3 -c 'import socket
socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).bind(("::1", 0))' \
    2>/dev/null; then
	fams="4 6"
else
	echo "note: no IPv6 loopback here, IPv4 only"
fi
for fam in $fams; do
	if [ $fam = 4 ]; then host=127.0.0.1; listen=127.0.0.1:0
	else host=::1; listen='[::1]:0'; fi
	start v$fam "$listen" -n 3
	sport=$(python3 "$tmp/send.py" "$host" "$port" 3) ||
	    fail "v$fam: send failed"
	finish v$fam
	[ $rc -eq 0 ] || fail "v$fam: exit $rc"
	n=$(wc -l <"$tmp/v$fam.jsonl")
	[ "$n" -eq 6 ] || fail "v$fam: $n records, expected 6"
	if [ $fam = 4 ]; then exp="127.0.0.1:$sport"
	else exp="[::1]:$sport"; fi
	grep -cF "\"exporter\":\"$exp\"" "$tmp/v$fam.jsonl" | grep -qx 6 ||
	    fail "v$fam: exporter $exp not on every record"
	grep -q '"dgram":2,.*"seq":4,.*"packetDeltaCount":22,' \
	    "$tmp/v$fam.jsonl" || fail "v$fam: third datagram's values"
	grep -q "datagrams 3 records 6 findings 0 errors 0" "$tmp/v$fam.sum" ||
	    fail "v$fam: summary"
	grep -q "kernel-drops" "$tmp/v$fam.sum" || fail "v$fam: no drop count"
done

# SIGTERM: clean stop, summary printed, every written line whole
start term 127.0.0.1:0 -f "$tmp/term.find"
python3 "$tmp/send.py" 127.0.0.1 "$port" 2 >/dev/null || fail "term: send"
kill -TERM "$pid"
finish term
[ $rc -eq 0 ] || fail "term: exit $rc"
grep -q "^total: datagrams" "$tmp/term.sum" || fail "term: no summary"
python3 -c '
import json, sys
for l in open(sys.argv[1]):
    json.loads(l)
' "$tmp/term.jsonl" || fail "term: a record line is not whole JSON"

# idle timeout: nothing arrives, -t 0.2 ends it
start idle 127.0.0.1:0 -t 0.2
finish idle
[ $rc -eq 0 ] || fail "idle: exit $rc"
grep -q "datagrams 0 records 0" "$tmp/idle.sum" || fail "idle: summary"
echo "live collection ok"
