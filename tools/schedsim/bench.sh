#!/bin/sh
# Instructions per sched_pick_next() for each policy and 1, 8, 64 vCPUs per
# pool, counted by valgrind's callgrind (only inside sched_pick_next, via
# --toggle-collect). Build without sanitizers first, e.g.
#   meson setup /tmp/bh-bench && ninja -C /tmp/bh-bench tools/schedsim/sched_bench
#   tools/schedsim/bench.sh /tmp/bh-bench
# The null policy has no 64-vCPU case: a null pool needs one pCPU per vCPU
# and the host build has HAL_MAX_CPUS = 8.
set -eu
build=${1:?usage: bench.sh <build dir>}
bench=$build/tools/schedsim/sched_bench
picks=${PICKS:-20000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

printf '%-9s %6s %14s\n' policy vcpus instr/pick
for policy in null credit2 rtds arinc653; do
	for n in 1 8 64; do
		f=$out/cg.$policy.$n
		if ! valgrind --tool=callgrind --toggle-collect=sched_pick_next \
			--callgrind-out-file="$f" "$bench" "$policy" "$n" "$picks" \
			>/dev/null 2>&1; then
			printf '%-9s %6s %14s\n' "$policy" "$n" n/a
			continue
		fi
		ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$f")
		printf '%-9s %6s %14s\n' "$policy" "$n" "$((ir / picks))"
	done
done
