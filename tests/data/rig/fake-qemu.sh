#!/bin/sh
# fake-qemu.sh: a stand-in for qemu-system-x86_64 in tests (no OpenBSD
# image here).  Checks that it was started inside the rig's gateway
# namespace with the taps present, records its arguments one per line in
# $FAKE_QEMU_LOG, and "daemonizes" like qemu -daemonize -pidfile F: a
# background process holds the place of the VM until it is killed.
set -u
pidfile=
prev=
for a in "$@"; do
	[ "$prev" = -pidfile ] && pidfile=$a
	prev=$a
done
for t in tapc taps tapk; do
	ip link show "$t" >/dev/null 2>&1 || { echo "fake-qemu: no $t here" >&2; exit 1; }
done
printf '%s\n' "$@" >"$FAKE_QEMU_LOG"
[ -n "$pidfile" ] || { echo "fake-qemu: no -pidfile" >&2; exit 1; }
sleep 300 </dev/null >/dev/null 2>&1 &
echo $! >"$pidfile"
exit 0
