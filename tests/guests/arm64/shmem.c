/*
 * shmem: bootargs "domid=<n> writer=<0|1>". Both domains map the static
 * shared memory region at SHM_GPA (from the config). The writer fills it
 * with a pattern and sends an event on local port 10; the reader waits for
 * the event, checks every word and answers with an event; the writer then
 * checks the reader's mark at the end of the region.
 */
#include "guest.h"

#define SHARED_INFO_GPA 0x40200000UL
#define SHM_GPA 0x50000000UL
#define SHM_SIZE 0x200000UL
#define PORT 10U
#define MARK 0x600dcafe600dcafeUL

static volatile unsigned received;

static void on_event(unsigned port)
{
	received = received + (port == PORT ? 1U : 0U);
}

void guest_irq(void)
{
	unsigned intid = gic_ack();

	if (intid >= 1020U) {
		return;
	}
	if (intid == EVTCHN_UPCALL_PPI) {
		evtchn_upcall();
	}
	gic_eoi(intid);
}

static uint64_t pattern(uint64_t i)
{
	return (i * 0x9e3779b97f4a7c15UL) ^ (i << 17) ^ 0x5a5a5a5a5a5a5a5aUL;
}

void guest_main(const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	bool writer = bootarg_num(dtb, "writer", 0) != 0U;
	volatile uint64_t *shm = (volatile uint64_t *)SHM_GPA;
	const unsigned long words = SHM_SIZE / 8U;
	unsigned long bad = 0;

	if (map_shared_info(SHARED_INFO_GPA) != 0) {
		gprintf("d%lu shmem: add_to_physmap(shared_info) failed\n", domid);
		return;
	}
	evtchn_init((volatile struct shared_info *)SHARED_INFO_GPA, on_event);
	if (writer) {
		for (unsigned long i = 0; i < words - 1U; i++) {
			shm[i] = pattern(i);
		}
		__asm__ volatile("dsb sy" ::: "memory");
		gprintf("d%lu shmem: wrote %lu bytes, sending event\n", domid, SHM_SIZE - 8U);
		(void)evtchn_send(PORT);
		wait_until(&received, 1U);
		gprintf("d%lu shmem: reader's mark %s\n", domid,
		        shm[words - 1U] == MARK ? "seen" : "missing");
		(void)psci(PSCI_SYSTEM_OFF, 0, 0, 0);
		return;
	}
	wait_until(&received, 1U);
	for (unsigned long i = 0; i < words - 1U; i++) {
		bad += shm[i] != pattern(i) ? 1U : 0U;
	}
	gprintf("d%lu shmem: verified %lu bytes after the event, %lu mismatches\n", domid,
	        SHM_SIZE - 8U, bad);
	shm[words - 1U] = MARK;
	__asm__ volatile("dsb sy" ::: "memory");
	(void)evtchn_send(PORT);
	(void)psci(PSCI_SYSTEM_OFF, 0, 0, 0);
}

void guest_secondary(unsigned long id, unsigned long context)
{
	(void)id;
	(void)context;
}

void guest_trap(unsigned long esr, unsigned long elr)
{
	gprintf("unexpected guest trap: esr %lx elr %lx\n", esr, elr);
}
