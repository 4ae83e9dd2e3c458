/*
 * Simulated time: a counter that only moves when a test advances it, plus a
 * small step on every read so bounded wait loops in the core terminate.
 */
#include <stdatomic.h>

#include <hal/time.h>
#include <host/host.h>

#define READ_STEP_NS 1000ULL

static _Atomic unsigned long long now_ns;

void host_time_advance_ns(unsigned long long ns)
{
	atomic_fetch_add(&now_ns, ns);
}

uint64_t hal_time_now_ns(void)
{
	return atomic_fetch_add(&now_ns, READ_STEP_NS);
}
