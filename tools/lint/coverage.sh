#!/usr/bin/env bash
# Coverage of the host unit tests: builds the host parts with gcov
# instrumentation (-Db_coverage=true) in its own build folder, runs the
# 'unit' suite, then prints line and branch coverage per area (core, sched,
# vdev, tools) and in total with gcovr, and writes an HTML report.
#   tools/lint/coverage.sh [--builddir DIR]      (default: build-coverage)
# HTML: DIR/coverage/index.html; JSON summary: DIR/coverage/summary.json.
# Exits non-zero when the build or a unit test fails (coverage still prints).
# [impl->dsn~coverage-report~1]
set -uo pipefail
cd "$(dirname "$0")/../.."
build=build-coverage
while [ $# -gt 0 ]; do
	case $1 in
	--builddir) build=${2:?--builddir needs a folder}; shift 2 ;;
	--help) sed -n '2,8s/^# //p' "$0"; exit 0 ;;
	*) echo "coverage: unknown option '$1'" >&2; exit 2 ;;
	esac
done
command -v gcovr >/dev/null || { echo "gcovr not installed (apt-get install gcovr)"; exit 1; }
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" -Db_coverage=true >"$build.setup.log" 2>&1 ||
		{ tail -20 "$build.setup.log"; exit 1; }
	rm -f "$build.setup.log"
fi
rc=0
# -k 0: build every target that can be built, so that a target broken by
# work in progress does not hide the coverage of the others.
if ! ninja -C "$build" -j2 -k 0 >"$build/coverage-build.log" 2>&1; then
	grep -E 'FAILED|error' "$build/coverage-build.log" | head -10
	echo "coverage: the build failed (see $build/coverage-build.log); running the tests that built"
	rc=1
fi
# Counters from an earlier run would add up: start from zero.
find "$build" -name '*.gcda' -delete
if [ "$rc" -eq 0 ]; then
	meson test -C "$build" --suite unit --num-processes 2 >"$build/coverage-tests.log" 2>&1 || rc=$?
	grep -E '^(Ok|Fail|Timeout|Expected Fail|Unexpected Pass|Skipped):' "$build/coverage-tests.log" | tr '\n' ' '
	echo
else
	# meson test refuses to run anything when one test is not built: run the
	# unit tests that exist one by one, with their environment.
	meson introspect "$build" --tests | python3 -c '
import json, os, subprocess, sys
ran = bad = 0
for t in json.load(sys.stdin):
    if "unit" not in t["suite"] or not os.path.exists(t["cmd"][0]):
        continue
    env = dict(os.environ, **t["env"])
    r = subprocess.run(t["cmd"], env=env, cwd=t["workdir"] or None,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    ran += 1
    bad += r.returncode != 0
print("ran %d unit tests that built, %d failed" % (ran, bad))
' | tee "$build/coverage-tests.log"
fi
[ "$rc" -eq 0 ] || echo "coverage: incomplete run (build or unit test failures, see $build/coverage-*.log); figures below are partial"
mkdir -p "$build/coverage"
areas=(core sched vdev tools)
filters=()
for a in "${areas[@]}"; do filters+=(--filter "$a/"); done
gcovr -r . "$build" "${filters[@]}" --exclude-unreachable-branches --exclude-throw-branches \
	--json-summary "$build/coverage/summary.json" \
	--html-details "$build/coverage/index.html" --html-title "Bulkhead unit test coverage" \
	>"$build/coverage/gcovr.log" 2>&1 || { cat "$build/coverage/gcovr.log"; exit 1; }
python3 - "$build/coverage/summary.json" "${areas[@]}" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
areas = sys.argv[2:]
sums = {a: [0, 0, 0, 0] for a in areas}
for f in data["files"]:
    area = f["filename"].split("/")[0]
    if area in sums:
        s = sums[area]
        s[0] += f["line_covered"]; s[1] += f["line_total"]
        s[2] += f["branch_covered"]; s[3] += f["branch_total"]
def pct(c, t):
    return "%5.1f%%" % (100.0 * c / t) if t else "    -"
print("%-8s %8s %15s %8s %15s" % ("area", "lines", "", "branches", ""))
total = [0, 0, 0, 0]
for a in areas:
    s = sums[a]
    total = [x + y for x, y in zip(total, s)]
    print("%-8s %8s %15s %8s %15s" % (a + "/", pct(s[0], s[1]), "(%d/%d)" % (s[0], s[1]),
                                     pct(s[2], s[3]), "(%d/%d)" % (s[2], s[3])))
print("%-8s %8s %15s %8s %15s" % ("total", pct(total[0], total[1]), "(%d/%d)" % (total[0], total[1]),
                                 pct(total[2], total[3]), "(%d/%d)" % (total[2], total[3])))
PY
echo "HTML report: $build/coverage/index.html"
exit "$rc"
