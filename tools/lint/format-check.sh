#!/usr/bin/env bash
# Formatting check: every C source and header under hal core sched vdev lib
# tools tests must be exactly what clang-format makes of it with the repo's
# .clang-format. Prints each misformatted file with clang-format's first
# complaints, then 'format: N passed, M failed' (files). --fix reformats instead.
# [impl->dsn~lint-format~1]
set -uo pipefail
cd "$(dirname "$0")/../.."
fix=0
case ${1:-} in
--fix) fix=1 ;;
--help) sed -n '2,5s/^# //p' "$0"; exit 0 ;;
"") ;;
*) echo "format-check: unknown option '$1'" >&2; exit 2 ;;
esac
command -v clang-format >/dev/null || { echo "clang-format not installed (apt-get install clang-format)"; echo "format: 0 passed, 1 failed"; exit 1; }
dirs=()
for d in hal core sched vdev lib tools tests; do [ -d "$d" ] && dirs+=("$d"); done
mapfile -t files < <(find "${dirs[@]}" -type f \( -name '*.c' -o -name '*.h' \) | sort)
passed=0 failed=0
for f in "${files[@]}"; do
	if [ "$fix" = 1 ]; then
		clang-format -i "$f"
	fi
	if out=$(clang-format --dry-run --Werror "$f" 2>&1); then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "not ok - $f"
		grep -m3 -E '^[^ ].*(error|warning):' <<<"$out" | sed 's/^/    /'
	fi
done
[ "$failed" -eq 0 ] || echo "fix with: clang-format -i <file>   (or: ./bulkhead lint --format --fix)"
echo "format: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
