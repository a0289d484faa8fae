#!/bin/sh
# gen_cli.sh: "pflowlab gen" as a user meets it: a malformed scenario is
# one error "FILE:LINE:COL: what", the line and a caret, exit status 2
# and no output at all; the same scenario gives byte-identical files;
# writing a pcap needs no privilege (run as nobody when we are root).
set -u
[ -x ./pflowlab ] || { echo "./pflowlab is not built"; exit 77; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT INT TERM
fail=0
die() { echo "$*"; fail=1; }

# 1. a malformed scenario
printf '# bad\nprofile openbsd-7.8\nat 0s tcp 198.18.1.2:1 > 198.18.2.2:80 connect; sned 1x1\n' >"$t/bad.scn"
./pflowlab gen "$t/bad.scn" -o "$t/out" 2>"$t/err"
rc=$?
[ $rc = 2 ] || die "malformed scenario: exit $rc, want 2"
[ -e "$t/out" ] && die "malformed scenario: $t/out was created"
cat >"$t/want" <<WANT
$t/bad.scn:3:49: unknown step 'sned' (connect, syn, send, recv, both, idle, shut, close, rst, ping)
  at 0s tcp 198.18.1.2:1 > 198.18.2.2:80 connect; sned 1x1
                                                  ^
WANT
cmp -s "$t/err" "$t/want" || { die "error message differs:"; diff "$t/want" "$t/err"; }

# an existing output folder keeps what it had
mkdir "$t/keep" && echo old >"$t/keep/ledger.jsonl"
./pflowlab gen "$t/bad.scn" -o "$t/keep" 2>/dev/null
[ "$(cat "$t/keep/ledger.jsonl")" = old ] || die "ledger overwritten on error"
[ -e "$t/keep/traffic.pcap" ] && die "pcap written on error"

# 2. usage errors and unreadable files
./pflowlab gen 2>/dev/null; [ $? = 2 ] || die "no arguments: want exit 2"
./pflowlab gen "$t/none.scn" -o "$t/x" 2>"$t/err"; [ $? = 2 ] || die "missing file: want 2"
grep -q "none.scn: No such file" "$t/err" || die "missing file: no message"

# 3. same scenario and seed, same bytes; another seed, other bytes
./pflowlab gen -q scenarios/lang-web-dns.scn -o "$t/a" || die "gen a"
./pflowlab gen -q scenarios/lang-web-dns.scn -o "$t/b" || die "gen b"
cmp -s "$t/a/traffic.pcap" "$t/b/traffic.pcap" || die "pcap differs between runs"
cmp -s "$t/a/ledger.jsonl" "$t/b/ledger.jsonl" || die "ledger differs between runs"
sed 's/^profile/seed 99\nprofile/' scenarios/lang-web-dns.scn >"$t/seed.scn"
./pflowlab gen -q "$t/seed.scn" -o "$t/c" || die "gen c"
cmp -s "$t/a/traffic.pcap" "$t/c/traffic.pcap" && die "seed does not change the pcap"
ls -A "$t/a" | grep -q '^\.' && die "temporary files left in $t/a"

# 4. -n checks only; -D prints the scenario as understood
./pflowlab gen -n -q scenarios/lang-hosts.scn || die "-n on a good scenario"
./pflowlab gen -D scenarios/lang-hosts.scn 2>/dev/null | grep -q '^session 2 .* from server' ||
    die "-D: session 2 of lang-hosts should come from the server side"

# 5. no privilege needed (libnet LIBNET_NONE, libpcap dump)
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		mkdir "$t/nobody" && chmod 777 "$t/nobody" && chmod 755 "$t"
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    ./pflowlab gen -q scenarios/lang-web-dns.scn -o "$t/nobody/o" ||
		    die "gen as nobody failed"
		cmp -s "$t/a/traffic.pcap" "$t/nobody/o/traffic.pcap" ||
		    die "pcap written as nobody differs"
	else
		echo "note: setpriv missing, unprivileged run not checked"
	fi
fi
exit $fail
