/*
 * Secondary pCPU discovery through PSCI CPU_ON (see arm64/cpu_probe.h).
 *
 * Design: probing by CPU_ON needs no device tree at run time: the platform
 * states only how many cores a cluster has. Started pCPUs get dense ids
 * 1, 2, ... in probe order. PSCI is called one CPU at a time; CPU_ON
 * returns once the target is scheduled to start, not once it runs C.
 *
 * Locking: boot pCPU only, before the started pCPUs read anything.
 */
#include <stdbool.h>

#include <arm64/arm64.h>
#include <arm64/cpu_probe.h>
#include <arm64/psci.h>
#include <lib/print.h>

#define MPIDR_AFF0_AFF1_MASK 0xffffULL

static uint64_t candidate(uint64_t self, unsigned index, unsigned per_cluster)
{
	uint64_t cluster = (uint64_t)index / (uint64_t)per_cluster;
	uint64_t core = (uint64_t)index % (uint64_t)per_cluster;

	return (self & ~MPIDR_AFF0_AFF1_MASK) | (cluster << 8) | core;
}

static bool start_one(uint64_t target, uint64_t entry, unsigned id)
{
	int64_t ret = arm64_psci_call(PSCI_CPU_ON_64, target, entry, id);

	if (ret == PSCI_SUCCESS) {
		return true;
	}
	if (ret != PSCI_INVALID_PARAMETERS && ret != PSCI_NOT_PRESENT) {
		printk("arm64: PSCI CPU_ON(mpidr 0x%llx) failed: %lld\n",
		       (unsigned long long)target, (long long)ret);
	}
	return false;
}

/* [impl->dsn~arm64-psci-smp~1] */
unsigned arm64_cpu_probe(uint64_t self_mpidr, uint64_t entry, unsigned per_cluster, uint64_t *mpidr,
                         unsigned max)
{
	unsigned count = 1U;

	mpidr[0] = self_mpidr;
	for (unsigned i = 0; i < max && count < max; i++) {
		uint64_t target = candidate(self_mpidr, i, per_cluster);

		if (target == self_mpidr) {
			continue;
		}
		mpidr[count] = target;
		if (start_one(target, entry, count)) {
			count++;
		}
	}
	return count;
}
