#!/bin/sh
# gen_tshark.sh: tshark, an independent decoder, opens every pcap that
# pflowlab gen writes for scenarios/lang-*.scn without a warning, finds
# every IPv4 header checksum and every TCP, UDP, ICMP and ICMPv6
# checksum correct, and counts the same frames and layer-3 octets as the
# ledger.  A planted defect (one flipped byte) must be caught.
set -u
command -v tshark >/dev/null 2>&1 || { echo "tshark is not installed"; exit 77; }
[ -x ./pflowlab ] || { echo "./pflowlab is not built"; exit 77; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT INT TERM

# $1 pcap: prints "frames l3octets bad" from tshark's own dissection
tally() {
	tshark -r "$1" -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
	    -o ip.check_checksum:TRUE -T fields -e ip.checksum.status \
	    -e tcp.checksum.status -e udp.checksum.status \
	    -e icmp.checksum.status -e icmpv6.checksum.status -e ip.len \
	    -e ipv6.plen 2>"$t/tshark.err" |
	awk -F '\t' '
	{
		n++
		if ($1 != "" && $1 != "1") bad++	# IPv4 header
		l4 = $2 $3 $4 $5
		if (l4 != "1") bad++			# exactly one, good
		if ($6 != "") oct += $6; else oct += $7 + 40
	}
	END { printf "%d %d %d\n", n, oct, bad }'
	# tshark says nothing on stderr but the note about running as root
	grep -v 'Running as user' "$t/tshark.err" | grep . && return 1
	return 0
}

fail=0
for s in scenarios/lang-*.scn; do
	./pflowlab gen -q "$s" -o "$t/out" || { echo "gen failed: $s"; fail=1; continue; }
	set -- $(tally "$t/out/traffic.pcap") || { echo "tshark warned: $s"; fail=1; }
	frames=$1 oct=$2 bad=$3
	set -- $(sed 's/.*"packets":\([0-9]*\),"octets":\([0-9]*\),.*/\1 \2/' \
	    "$t/out/ledger.jsonl" | awk '{ p += $1; o += $2 } END { print p, o }')
	lp=$1 lo=$2
	if [ "$bad" != 0 ]; then
		echo "$s: $bad bad or missing checksums"; fail=1
	fi
	if [ "$frames" != "$lp" ] || [ "$oct" != "$lo" ]; then
		echo "$s: tshark $frames frames $oct octets, ledger $lp $lo"; fail=1
	fi
done

# the check can fail: flip one byte of the first TCP header (the SYN's
# sequence number at offset 24+14+20+4) and tshark must call it bad
./pflowlab gen -q scenarios/lang-tcp-fin.scn -o "$t/out" || exit 1
printf '\377' | dd of="$t/out/traffic.pcap" bs=1 seek=$((24 + 16 + 14 + 20 + 4)) \
    conv=notrunc 2>/dev/null
set -- $(tally "$t/out/traffic.pcap")
[ "$3" = 1 ] || { echo "planted bad checksum not found (bad=$3)"; fail=1; }
exit $fail
