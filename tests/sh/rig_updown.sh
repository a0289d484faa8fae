#!/bin/sh
# rig_updown.sh: `pflowlab rig up` builds four namespaces joined by veth
# pairs (forwarding in the gateway, offloads off), two rigs coexist, and
# `rig down` leaves nothing behind: no namespace, no state file, nothing
# on the host.  SKIPPED (77) without root.
set -u
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then
	./pflowlab rig up >/dev/null 2>&1
	[ $? -eq 77 ] || { echo "FAIL: rig up as non-root must exit 77"; exit 1; }
	echo "SKIPPED: the namespace rig needs root"
	exit 77
fi
command -v ethtool >/dev/null 2>&1 || {
	echo "SKIPPED: ethtool is not installed (ci/deps.sh installs it)"
	exit 77
}
a=
b=
trap '[ -n "$a" ] && ./pflowlab rig down "$a"; [ -n "$b" ] && ./pflowlab rig down "$b"' EXIT INT TERM
fail() {
	echo "FAIL: $*"
	exit 1
}
host_links=$(ip -o link show | wc -l)
host_routes=$(ip route show | md5sum)
a=$(./pflowlab rig up) || fail "rig up"
b=$(./pflowlab rig up) || fail "second rig up"
[ "$a" != "$b" ] || fail "two rigs got the same name $a"
for p in "$a" "$b"; do
	for n in cli gw srv col; do
		ip netns list | grep -q "^$p-$n\\b" || fail "$p-$n missing"
	done
	ip netns exec "$p-cli" ping -c 1 -W 2 198.19.252.2 >/dev/null ||
	    fail "$p: client cannot reach the server through the gateway"
	ip netns exec "$p-cli" ping -c 1 -W 2 198.19.253.2 >/dev/null ||
	    fail "$p: client cannot reach the collector"
	[ "$(ip netns exec "$p-gw" cat /proc/sys/net/ipv4/ip_forward)" = 1 ] ||
	    fail "$p: forwarding is off in the gateway"
	ip netns exec "$p-gw" ethtool -k gc | grep -q '^tcp-segmentation-offload: off' ||
	    fail "$p: TSO still on"
	ip netns exec "$p-cli" ethtool -k c0 | grep -q '^tx-checksumming: off' ||
	    fail "$p: tx checksum offload still on"
done
./pflowlab rig status | grep -q "^$a running" || fail "status does not list $a"
[ "$(ip -o link show | wc -l)" -eq "$host_links" ] ||
    fail "the host's interfaces changed"
[ "$(ip route show | md5sum)" = "$host_routes" ] ||
    fail "the host's routes changed"
./pflowlab rig down "$a" || fail "rig down $a"
a_was=$a
a=
./pflowlab rig down "$b" || fail "rig down $b"
b_was=$b
b=
for p in "$a_was" "$b_was"; do
	ip netns list | grep -q "^$p-" && fail "$p left namespaces"
	[ -e "/run/pflowlab/$p" ] && fail "$p left its state file"
done
echo "ok: two rigs up and down, nothing left"
exit 0
