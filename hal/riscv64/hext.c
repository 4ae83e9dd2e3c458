/*
 * The H extension check and the initial state of the hypervisor CSRs.
 *
 * Design: misa is not readable from S-mode, so the boot hart reads hstatus
 * with an illegal-instruction trap expected (rv_probe_hstatus). Without H
 * there is nothing Bulkhead can do: it says so on the console and halts.
 * With H, the guest-related CSRs start in a known state: no delegation to
 * VS-mode, no virtual interrupts pending, G-stage translation off.
 *
 * Locking: per hart.
 */
#include <hal/cpu.h>
#include <lib/print.h>

#include "csr.h"
#include "hext.h"
#include "pcpu.h"
#include "trap.h"

bool rv_has_h;

/*
 * @post returns only when the hart has the H extension; otherwise the
 *       message below is on the console and the hart is halted.
 * [impl->dsn~riscv64-h-check~1]
 */
void rv_require_h(void)
{
	unsigned long hstatus;

	if (!rv_probe_hstatus(&hstatus)) {
		printk("Bulkhead: the H extension is required (QEMU: -cpu rv64,h=true)\n");
		hal_cpu_halt();
	}
	rv_has_h = true;
}

void rv_hs_csr_init(void)
{
	csr_write(hedeleg, 0);
	csr_write(hideleg, 0);
	csr_write(hvip, 0);
	csr_write(hcounteren, 0);
	csr_write(hgatp, 0);
}
