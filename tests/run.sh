#!/bin/sh
# run.sh: run the unit test binaries of each build folder given, then the
# integration scripts tests/sh/*.sh (with ./pflowlab), and end with one
# line "N passed, N failed, N skipped".
#
#   sh tests/run.sh [--unit-only] BUILD_DIR...
#
# A script exits 0 (pass), 77 (skipped; its last line says why) or
# anything else (fail).  Its output is shown only when it did not pass.
# T=name runs only the tests whose file name contains name.
set -u
cd "$(dirname "$0")/.."
unit_only=0
if [ "${1:-}" = --unit-only ]; then
	unit_only=1
	shift
fi
export TZ=UTC LC_ALL=C
pass=0
fail=0
skip=0
failed=
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM

for b in "$@"; do
	for t in "$b"/tests/test_*; do
		[ -x "$t" ] || continue
		case "$t" in *"${T:-}"*) ;; *) continue ;; esac
		echo "== $t" >&2
		"$t" >"$log" 2>&1
		rc=$?
		cat "$log" >&2
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
		s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
		pass=$((pass + ${p:-0}))
		fail=$((fail + ${f:-0}))
		skip=$((skip + ${s:-0}))
		if [ $rc -ne 0 ] && [ -z "$f" ]; then
			fail=$((fail + 1))	# crashed before the summary
		fi
		[ $rc -ne 0 ] && failed="$failed $t"
	done
done

if [ $unit_only -eq 0 ]; then
	for t in tests/sh/*.sh; do
		[ -f "$t" ] || continue
		case "$t" in *"${T:-}"*) ;; *) continue ;; esac
		sh "$t" >"$log" 2>&1
		rc=$?
		n=${t#tests/sh/}
		if [ $rc -eq 0 ]; then
			echo "ok      $n" >&2
			pass=$((pass + 1))
		elif [ $rc -eq 77 ]; then
			echo "SKIPPED $n: $(tail -n 1 "$log")" >&2
			skip=$((skip + 1))
		else
			echo "FAIL    $n (exit $rc)" >&2
			sed 's/^/    /' "$log" | tail -n 40 >&2
			fail=$((fail + 1))
			failed="$failed $t"
		fi
	done
fi

[ -n "$failed" ] && echo "failed:$failed" >&2
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
