#!/bin/sh
# sim_golden.sh: small scenarios whose export is derived by hand in the
# scenario's comments (tests/golden/sim/NAME.scn).  For each: gen, sim,
# collect; the records, projected to
#   dgram export_time template src sport dst dport in out packets octets
#   start_ms end_ms postNATsrc postNATsport postNATdst postNATdport
# must equal NAME.records, and where NAME.pcap exists the export pcap must
# equal it byte for byte (GOLDEN_UPDATE=1 rewrites the pcaps).
set -u
cd "$(dirname "$0")/../.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
fail=0

project() {
	awk '
	function get(k,    i, s) {
		i = index($0, "\"" k "\":")
		if (i == 0)
			return "-"
		s = substr($0, i + length(k) + 3)
		if (substr(s, 1, 1) == "\"") {
			s = substr(s, 2)
			return substr(s, 1, index(s, "\"") - 1)
		}
		match(s, /^[-0-9]+/)
		return substr(s, 1, RLENGTH)
	}
	{
		print get("dgram"), get("export_time"), get("template"),
		    get("sourceIPv4Address"), get("sourceTransportPort"),
		    get("destinationIPv4Address"),
		    get("destinationTransportPort"), get("ingressInterface"),
		    get("egressInterface"), get("packetDeltaCount"),
		    get("octetDeltaCount"), get("start_ms"), get("end_ms"),
		    get("postNATSourceIPv4Address"),
		    get("postNAPTSourceTransportPort"),
		    get("postNATDestinationIPv4Address"),
		    get("postNAPTDestinationTransportPort")
	}' "$1"
}

for scn in tests/golden/sim/*.scn; do
	n=$(basename "$scn" .scn)
	d=$T/$n
	mkdir -p "$d"
	if ! ./pflowlab gen "$scn" -o "$d" >/dev/null 2>"$d/err"; then
		echo "FAIL $n: gen"; cat "$d/err"; fail=1; continue
	fi
	if ! ./pflowlab sim -q -r "$d/traffic.pcap" -s "$scn" \
	    -w "$d/export.pcap" 2>"$d/err"; then
		echo "FAIL $n: sim"; cat "$d/err"; fail=1; continue
	fi
	./pflowlab collect -q -r "$d/export.pcap" -w "$d/records.jsonl" \
	    -f "$d/findings.jsonl" --any-port >/dev/null 2>&1
	case "$n" in
	faults-*)
		;;
	*)
		if [ -s "$d/findings.jsonl" ]; then
			echo "FAIL $n: conformance findings"
			cat "$d/findings.jsonl"
			fail=1
		fi
		;;
	esac
	if [ -f "tests/golden/sim/$n.records" ]; then
		project "$d/records.jsonl" >"$d/got"
		if ! diff -u "tests/golden/sim/$n.records" "$d/got"; then
			echo "FAIL $n: records differ from the derivation"
			fail=1
		fi
	fi
	if [ "${GOLDEN_UPDATE:-0}" = 1 ] && [ -f "tests/golden/sim/$n.records" ] &&
	    [ "$(wc -c <"$d/export.pcap")" -lt 20000 ]; then
		cp "$d/export.pcap" "tests/golden/sim/$n.pcap"
	elif [ -f "tests/golden/sim/$n.pcap" ]; then
		if ! cmp -s "tests/golden/sim/$n.pcap" "$d/export.pcap"; then
			echo "FAIL $n: export.pcap differs from the golden one"
			fail=1
		fi
	fi
	[ $fail -eq 0 ] && echo "ok $n"
done
exit $fail
