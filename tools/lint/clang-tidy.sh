#!/usr/bin/env bash
# clang-tidy with the repo's .clang-tidy over the C files of the host build
# (core, sched, vdev, lib, hal, tools; not tests/) using the build's
# compile_commands.json. Two files at a time. Prints the diagnostics of each
# failing file, then 'clang-tidy: N passed, M failed' (files).
#   tools/lint/clang-tidy.sh [BUILD_DIR]     (default: build)
# [impl->dsn~lint-clang-tidy~1]
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
case ${1:-} in --help) sed -n '2,6s/^# //p' "$0"; exit 0 ;; esac
build=${1:-build}
db="$build/compile_commands.json"
if ! command -v clang-tidy >/dev/null; then
	echo "clang-tidy not installed (apt-get install clang-tidy)"
	echo "clang-tidy: 0 passed, 1 failed"; exit 1
fi
if [ ! -f "$db" ]; then
	echo "no $db: configure the host build first (meson setup $build)"
	echo "clang-tidy: 0 passed, 1 failed"; exit 1
fi
# Files of the compile database, relative to the repo root, in our folders.
mapfile -t files < <(python3 - "$db" "$root" <<'PY'
import json, os, sys
db, root = sys.argv[1], sys.argv[2]
seen = set()
for e in json.load(open(db)):
    path = os.path.normpath(os.path.join(e["directory"], e["file"]))
    rel = os.path.relpath(path, root)
    if rel.split("/")[0] in ("core", "sched", "vdev", "lib", "hal", "tools") and rel.endswith(".c"):
        seen.add(rel)
print("\n".join(sorted(seen)))
PY
)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# GCC-only warning flags in the database are unknown to clang: ignore them.
printf '%s\n' "${files[@]}" | xargs -P 2 -I{} sh -c \
	'clang-tidy -p "$1" --quiet --extra-arg=-Wno-unknown-warning-option "$2" >"$3/$(echo "$2" | tr / _).log" 2>&1; echo $? >"$3/$(echo "$2" | tr / _).rc"' \
	_ "$build" {} "$out"
passed=0 failed=0
for f in "${files[@]}"; do
	key=$(echo "$f" | tr / _)
	if [ "$(cat "$out/$key.rc" 2>/dev/null)" = 0 ] && ! grep -qE '(warning|error):' "$out/$key.log"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "not ok - $f"
		grep -E '(warning|error):' "$out/$key.log" | sed "s|^[^:]*$root/||; s/^/    /" | sort -u | head -20
	fi
done
echo "clang-tidy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
