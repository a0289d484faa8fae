#!/bin/sh
# collect_golden.sh: decoder goldens.  For each line of
# tests/golden/collect.list the real-exporter fixtures are wrapped in
# UDP/IPv4/Ethernet frames in a pcap (pflowlab collect --raw -W), that
# pcap is decoded (pflowlab collect -r --text -) and the text is diffed
# against tests/golden/NAME.out.  The goldens hold the decode only: the
# findings belong to the rules' own tests (tests/unit/test_conform*) and
# would make every rule change a golden change here.
# UPDATE=1 rewrites the goldens instead.
set -u
cd "$(dirname "$0")/../.."
fix=${PFLOWLAB_SHARED:-../shared}/fixtures/real-exporters
if [ ! -d "$fix" ]; then
	echo "SKIPPED: $fix is absent"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export TZ=UTC LC_ALL=C
fail=0
n=0
while read -r name exp files; do
	case "$name" in ''|'#'*) continue ;; esac
	set --
	for f in $files; do
		set -- "$@" "$fix/$f"
	done
	./pflowlab collect -q --raw --exporter "$exp" -W "$tmp/$name.pcap" \
	    "$@" || [ $? -eq 1 ] || { echo "$name: wrapping failed"; fail=1; }
	./pflowlab collect -q -r "$tmp/$name.pcap" --text - \
	    >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "$name: decoding the pcap failed (exit $rc)"
		fail=1
	fi
	if [ -s "$tmp/$name.err" ]; then
		echo "$name: stderr not empty:"
		cat "$tmp/$name.err"
		fail=1
	fi
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/$name.out" "tests/golden/$name.out"
	elif ! diff -u "tests/golden/$name.out" "$tmp/$name.out"; then
		echo "$name: differs from tests/golden/$name.out"
		fail=1
	fi
	n=$((n + 1))
done <tests/golden/collect.list
echo "$n goldens compared"
exit $fail
