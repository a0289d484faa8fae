#!/bin/sh
# qemu.sh: put a user-supplied OpenBSD image in the gateway's place in a
# pflowlab namespace rig.  The rig's gateway namespace becomes an L2 patch
# (three bridges, no addresses, no forwarding) between the client, server
# and collector namespaces and three tap interfaces; qemu runs in it with
# one virtio NIC per tap (vio0 client, vio1 server, vio2 collector), so
# the VM owns the gateway addresses the rig already routes through.
#
#   qemu.sh up IMAGE            rig up + wire + start the VM; prints PREFIX
#   qemu.sh wire PREFIX         bridges and taps in PREFIX-gw
#   qemu.sh standin PREFIX DIR  (no image) a Linux router namespace
#                               PREFIX-vm on the bridges in the VM's place,
#                               configured from DIR/hostname.vio[012] as
#                               written by "pflowlab rig openbsd-conf"
#   qemu.sh down PREFIX         stop the VM, remove the rig
#
# Then: pflowlab rig openbsd-conf S.scn -o DIR, install DIR/* in the VM's
# /etc (docs/openbsd-gateway.md), and pflowlab rig run -P PREFIX -e external
# S.scn.  Environment: PFLOWLAB (default ./pflowlab), QEMU (default
# qemu-system-x86_64), QEMU_OPTS (extra options for rig qemu-cmd, e.g. -m
# 1024), STATE (default /run/pflowlab).  Needs root; exits 77 without.
# Touches nothing outside the rig's namespaces.
set -u
PFLOWLAB=${PFLOWLAB:-./pflowlab}
QEMU=${QEMU:-qemu-system-x86_64}
STATE=${STATE:-/run/pflowlab}

usage() {
	echo "usage: qemu.sh up IMAGE | wire PREFIX | standin PREFIX DIR | down PREFIX" >&2
	exit 2
}
die() {
	echo "qemu.sh: $*" >&2
	exit 2
}
[ $# -ge 1 ] || usage
if [ "$(id -u)" != 0 ]; then
	echo "qemu.sh: the rig needs root (network namespaces, taps)"
	exit 77
fi

# wire PREFIX: gc/gs/gk lose their addresses and join bridges with taps
wire() {
	p=$1
	gw=$p-gw
	ip netns list | grep -q "^$gw\\b" || die "no rig $p"
	ip netns exec "$gw" sh -c 'echo 0 >/proc/sys/net/ipv4/ip_forward'
	for l in c:gc s:gs k:gk; do
		b=br${l%%:*}
		v=${l#*:}
		t=tap${l%%:*}
		ip -n "$gw" addr flush dev "$v" || return 1
		ip -n "$gw" link add "$b" type bridge || return 1
		ip -n "$gw" link set "$v" master "$b" || return 1
		ip -n "$gw" tuntap add dev "$t" mode tap || return 1
		ip -n "$gw" link set "$t" master "$b" || return 1
		ip -n "$gw" link set "$t" up
		ip -n "$gw" link set "$b" up
	done
}

# standin PREFIX DIR: a router namespace on the bridges, in the VM's place
standin() {
	p=$1
	dir=$2
	gw=$p-gw
	vm=$p-vm
	ip netns add "$vm" || return 1
	ip -n "$vm" link set lo up
	ip netns exec "$vm" sh -c 'echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6'
	i=0
	for l in c s k; do
		ip link add "v$l" netns "$gw" type veth peer name "vio$i" netns "$vm" || return 1
		ip -n "$gw" link set "v$l" master "br$l"
		ip -n "$gw" link set "v$l" up
		ip -n "$vm" link set "vio$i" up
		ip netns exec "$gw" ethtool -K "v$l" tx off tso off gso off gro off >/dev/null
		ip netns exec "$vm" ethtool -K "vio$i" tx off tso off gso off gro off >/dev/null
		i=$((i + 1))
	done
	# OpenBSD hostname.if lines, read by a Linux router
	for i in 0 1 2; do
		f=$dir/hostname.vio$i
		[ -f "$f" ] || die "$f missing (pflowlab rig openbsd-conf -o $dir)"
		while read -r w a b c d e; do
			case "$w" in
			inet)
				if [ "$a" = alias ]; then
					ip -n "$vm" addr add "$b/32" dev "vio$i"
				else
					ip -n "$vm" addr add "$a/24" dev "vio$i"
				fi ;;
			'!route')
				# !route -qn add -host H G
				ip -n "$vm" route add "$d/32" via "$e" ;;
			esac
		done <"$f"
	done
	ip netns exec "$vm" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward'
}

case "$1" in
up)
	[ $# -eq 2 ] || usage
	img=$2
	[ -r "$img" ] || die "$img: cannot read the image"
	command -v "$QEMU" >/dev/null 2>&1 || die "$QEMU not found: apt-get install qemu-system-x86"
	p=$("$PFLOWLAB" rig up) || exit 2
	wire "$p" || { "$PFLOWLAB" rig down "$p"; die "wiring failed"; }
	mkdir -p "$STATE"
	# shellcheck disable=SC2086
	"$PFLOWLAB" rig qemu-cmd -i "$img" --console "unix:$STATE/$p.console,server,nowait" ${QEMU_OPTS:-} >"$STATE/$p.qemu" ||
	    { "$PFLOWLAB" rig down "$p"; exit 2; }
	# the command line, one argument per line, QEMU in place of the name
	set --
	while IFS= read -r a; do
		set -- "$@" "$a"
	done <"$STATE/$p.qemu"
	shift
	PFLOWLAB_RIG=$p ip netns exec "$p-gw" "$QEMU" "$@" -daemonize \
	    -pidfile "$STATE/$p.qemu.pid" || { "$PFLOWLAB" rig down "$p"; die "qemu failed"; }
	echo "$p"
	echo "console: socat - UNIX-CONNECT:$STATE/$p.console" >&2
	;;
wire)
	[ $# -eq 2 ] || usage
	wire "$2" || die "wiring $2 failed"
	;;
standin)
	[ $# -eq 3 ] || usage
	standin "$2" "$3" || die "stand-in for $2 failed"
	;;
down)
	[ $# -eq 2 ] || usage
	p=$2
	if [ -f "$STATE/$p.qemu.pid" ]; then
		kill "$(cat "$STATE/$p.qemu.pid")" 2>/dev/null
		rm -f "$STATE/$p.qemu.pid" "$STATE/$p.qemu" "$STATE/$p.console"
	fi
	"$PFLOWLAB" rig down "$p"
	;;
*)
	usage ;;
esac
