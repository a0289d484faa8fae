#!/bin/sh
# rig_cleanup.sh: every exit path removes a live run's namespaces.
# SIGTERM and SIGINT: the run's own handlers remove them.  SIGKILL: they
# stay behind, `pflowlab rig cleanup` finds them by prefix, kills only
# what pflowlab started inside them, and deletes them; a running rig
# owned by a live process is left alone.  SKIPPED (77) without root.
set -u
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then
	echo "SKIPPED: the namespace rig needs root"
	exit 77
fi
for t in softflowd ethtool; do
	command -v $t >/dev/null 2>&1 || {
		echo "SKIPPED: $t is not installed"
		exit 77
	}
done
tmp=$(mktemp -d)
pid=
keep=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; [ -n "$keep" ] && ./pflowlab rig down "$keep"; rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "FAIL: $*"
	exit 1
}
# wait (at most 10 s) until a run's gateway namespace has its exporter
wait_up() {
	i=0
	while [ $i -lt 200 ]; do
		if ip netns list | grep -q "^pfl$1-gw" &&
		    [ -S "$2/softflowd.ctl" ]; then
			return 0
		fi
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}
# a rig that belongs to a living process must survive cleanup
keep=$(./pflowlab rig up) || fail "rig up"

for sig in TERM INT KILL; do
	out="$tmp/$sig"
	./pflowlab rig run -q -o "$out" scenarios/live/idle.scn >"$tmp/log" 2>&1 &
	pid=$!
	wait_up "$pid" "$out" || fail "$sig: the run did not come up"
	kill -s $sig "$pid"
	# the run must end by itself within 20 s (a hung teardown fails)
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 400 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -0 "$pid" 2>/dev/null && { kill -9 "$pid"; fail "$sig: the run hung"; }
	wait "$pid"
	rc=$?
	p=$pid
	pid=
	if [ $sig = KILL ]; then
		[ $rc -eq 137 ] || fail "KILL: exit $rc"
		ip netns list | grep -q "^pfl$p-" ||
		    fail "KILL: nothing left behind to clean (test is void)"
		./pflowlab rig status | grep -q "^pfl$p stale" ||
		    fail "status does not call pfl$p stale"
		./pflowlab rig cleanup >"$tmp/clean" || fail "rig cleanup"
		grep -q "removed pfl$p" "$tmp/clean" || fail "cleanup did not remove pfl$p"
	fi
	ip netns list | grep -q "^pfl$p-" && fail "$sig: namespaces of pfl$p left"
	[ -e "/run/pflowlab/pfl$p" ] && fail "$sig: state file of pfl$p left"
	# no process of that run survives (softflowd, collector, engines)
	for q in $(grep -l "PFLOWLAB_RIG=pfl$p" /proc/[0-9]*/environ 2>/dev/null); do
		fail "$sig: process ${q#/proc/} of pfl$p still runs"
	done
done
ip netns list | grep -q "^$keep-gw" || fail "cleanup removed the living rig $keep"
./pflowlab rig down "$keep" || fail "rig down $keep"
keep=
echo "ok: TERM, INT and KILL + rig cleanup leave nothing"
exit 0
