#!/bin/sh
# run_suite.sh: wall time of the default suite (scenarios/INDEX) through
# gen -> sim -> collect -> verify with two workers (goal: under 30 s on
# a 2-core machine), and the same with one worker for the speed-up.
set -u
[ -x ./pflowlab ] || { echo "./pflowlab is not built"; exit 1; }
t=$(mktemp -d "${TMPDIR:-/tmp}/bench-suite.XXXXXX")
trap 'rm -rf "$t"' EXIT INT TERM
n=$(grep -c '^[a-z0-9].*\.scn' scenarios/INDEX)
for j in 2 1; do
	/usr/bin/time -f '%e %U %S' -o "$t/time" \
	    ./pflowlab run -q -j $j -o "$t/out$j" scenarios/INDEX >"$t/table$j"
	rc=$?
	read -r wall user sys <"$t/time"
	printf 'suite -j %d: %d scenarios, %s s wall (%s s user, %s s sys)%s\n' \
	    $j "$n" "$wall" "$user" "$sys" \
	    "$([ $rc -eq 0 ] || echo ", exit $rc")"
	[ $j -eq 2 ] && w2=$wall
done
awk -v w="$w2" 'BEGIN { printf "goal < 30 s with -j 2: %s\n", \
    (w < 30 ? "met" : "NOT met") }'
