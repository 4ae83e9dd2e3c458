/*
 * Discovering and starting secondary pCPUs through PSCI CPU_ON
 * (cpu_probe.c), without a device tree. Pure apart from the PSCI call and
 * printk, so host tests run it against a fake PSCI.
 */
#ifndef ARM64_CPU_PROBE_H
#define ARM64_CPU_PROBE_H

#include <stdint.h>

/*
 * Candidate i (0 <= i < max) has Aff1 = i / per_cluster, Aff0 = i %
 * per_cluster and the boot pCPU's Aff3/Aff2. Each candidate other than
 * self_mpidr gets CPU_ON(candidate, entry, id) with the next dense id; PSCI
 * INVALID_PARAMETERS or NOT_PRESENT means "no such CPU", other errors are
 * printed and the candidate is skipped.
 * @pre  per_cluster > 0; mpidr has room for max entries.
 * @post mpidr[0] = self_mpidr, mpidr[id] = the affinity started as id.
 * @return the number of pCPUs (boot pCPU included), at most max.
 */
unsigned arm64_cpu_probe(uint64_t self_mpidr, uint64_t entry, unsigned per_cluster, uint64_t *mpidr,
                         unsigned max);

#endif
