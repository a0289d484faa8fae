#!/bin/sh
# run.sh: "make bench": run every bench/*.sh except this one, in name
# order, from the repository root with ./pflowlab built.  Each script
# prints its own results; a failing script is reported and the others
# still run.  Exit 1 if any failed.
set -u
cd "$(dirname "$0")/.."
export TZ=UTC LC_ALL=C
rc=0
for b in bench/*.sh; do
	[ "$b" = bench/run.sh ] && continue
	[ -f "$b" ] || continue
	echo "== $b"
	sh "$b" || { echo "FAILED: $b"; rc=1; }
done
exit $rc
