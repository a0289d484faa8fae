#!/bin/sh
# rig_qemu.sh: the OpenBSD VM kit up to the image boundary (no image can
# be had here).  1. `rig qemu-cmd` prints the goldens' command lines (KVM
# and TCG, taps, -snapshot unless -w).  2. As root: ci/openbsd/qemu.sh up
# with a stand-in qemu (tests/data/rig/fake-qemu.sh) wires the taps into
# the gateway namespace's bridges and starts "qemu" there with exactly
# that command line; a stand-in gateway (qemu.sh standin, configured from
# the generated hostname.vio*) forwards client <-> server through the
# bridges, softflowd in it plays the box's exporter, and `rig run -P
# PREFIX -e external` passes with zero differences; qemu.sh down leaves
# nothing.  Part 2 is SKIPPED (77) without root.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
p=
trap '[ -n "$p" ] && STATE=$tmp sh ci/openbsd/qemu.sh down "$p" >/dev/null 2>&1; rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "FAIL: $*"
	exit 1
}
./pflowlab rig qemu-cmd -i /images/openbsd-7.8.qcow2 --accel kvm >"$tmp/kvm" ||
    fail "qemu-cmd kvm"
diff tests/golden/rig/qemu-kvm.txt "$tmp/kvm" || fail "kvm command line"
./pflowlab rig qemu-cmd -i /images/miniroot78.img --accel tcg -w -m 1024 \
    -n obsd1 --tap-client t1 --tap-server t2 --tap-collector t3 \
    --console unix:/tmp/c.sock,server,nowait >"$tmp/tcg" || fail "qemu-cmd tcg"
diff tests/golden/rig/qemu-tcg.txt "$tmp/tcg" || fail "tcg command line"
./pflowlab rig qemu-cmd >/dev/null 2>&1
[ $? -eq 2 ] || fail "qemu-cmd without -i is not exit 2"

if [ "$(id -u)" != 0 ]; then
	echo "SKIPPED: the tap wiring needs root (command lines checked)"
	exit 77
fi
for t in softflowd ethtool; do
	command -v $t >/dev/null 2>&1 || { echo "SKIPPED: $t is not installed"; exit 77; }
done
: >"$tmp/img.qcow2"
p=$(FAKE_QEMU_LOG=$tmp/argv QEMU=$PWD/tests/data/rig/fake-qemu.sh \
    STATE=$tmp sh ci/openbsd/qemu.sh up "$tmp/img.qcow2") || fail "qemu.sh up"
for b in c:gc s:gs k:gk; do
	ports=$(ip -n "$p-gw" -o link show master "br${b%%:*}" | awk '{print $2}' | tr '\n' ' ')
	case "$ports" in
	*"${b#*:}@"*tap"${b%%:*}"*|*tap"${b%%:*}"*"${b#*:}@"*) ;;
	*) fail "bridge br${b%%:*} holds '$ports'" ;;
	esac
done
[ "$(ip netns exec "$p-gw" cat /proc/sys/net/ipv4/ip_forward)" = 0 ] ||
    fail "the gateway namespace still routes"
# the "VM" got the qemu-cmd line, with the console and -daemonize added
./pflowlab rig qemu-cmd -i "$tmp/img.qcow2" --console "unix:$tmp/$p.console,server,nowait" | tail -n +2 >"$tmp/want"
printf '%s\n' -daemonize -pidfile "$tmp/$p.qemu.pid" >>"$tmp/want"
diff "$tmp/want" "$tmp/argv" || fail "qemu was not started with the qemu-cmd line"

./pflowlab rig openbsd-conf -o "$tmp/conf" scenarios/live/mixed.scn || fail "openbsd-conf"
sh ci/openbsd/qemu.sh standin "$p" "$tmp/conf" || fail "standin"
ip netns exec "$p-cli" ping -c 1 -W 2 198.19.252.2 >/dev/null ||
    fail "no path client -> stand-in -> server"
PFLOWLAB_RIG=$p ip netns exec "$p-vm" env LD_PRELOAD="$PWD/build/pcapshim.so" \
    softflowd -d -i vio0 -v 10 -A milli -n 198.19.253.2:9995 -c "$tmp/sfd.ctl" \
    -t general=1 -t tcp=1 -t udp=1 -t icmp=1 -t tcp.fin=1 -t tcp.rst=1 \
    -t expint=1 >"$tmp/sfd.log" 2>&1 &
i=0
while [ ! -S "$tmp/sfd.ctl" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
timeout 90 ./pflowlab rig run -q -P "$p" -e external -I 1 -w 30 \
    -o "$tmp/run" scenarios/live/mixed.scn >"$tmp/log" 2>&1 ||
    { cat "$tmp/log" "$tmp/run/live.txt"; fail "external run through the stand-in"; }
STATE=$tmp sh ci/openbsd/qemu.sh down "$p" || fail "qemu.sh down"
q=$p
p=
ip netns list | grep -q "^$q-" && fail "namespaces of $q left"
grep -l "PFLOWLAB_RIG=$q" /proc/[0-9]*/environ >/dev/null 2>&1 &&
    fail "processes of $q left"
echo "ok: qemu command lines, tap wiring, external run through a stand-in gateway"
exit 0
