/*
 * Host APLIC driver (AIA boards): the S-level domain OpenSBI delegates
 * the wired sources to, in MSI delivery mode.
 *
 * Design: the boot hart turns the domain on in MSI mode (domaincfg IE,
 * DM); OpenSBI has programmed the MSI address of the S-level files
 * (smsiaddrcfg, in the M-level domain). hal_irq_route() makes a source
 * level-high (every interrupt the board lists is level), targets it at
 * the hart of the pCPU with identity = source number and enables it: the
 * hart's IMSIC then claims it with that number (imsic.c). The hypervisor's
 * own UART interrupt is refused (its console is polled). In MSI mode the
 * APLIC clears a source's pending bit when it sends the MSI, so nothing
 * waits for a completion: hal_irq_eoi() has nothing to do (re-sending an
 * interrupt nobody owns whose level is still asserted would only repeat
 * it). rv_aplic_retrigger() asks the APLIC to send a source again when a
 * level source is still asserted (setipnum, which the APLIC ignores for a
 * level source whose input is low): a guest's re-trigger of a passthrough
 * source through its virtual APLIC.
 *
 * Locking: sourcecfg/target are written at domain build; setienum and
 * setipnum are single writes the APLIC makes atomic.
 */
#include <stdint.h>

#include <hal/cpu.h>
#include <hal/errno.h>
#include <hal/irq.h>
#include <plat_config.h>

#include "aia.h"
#include "pcpu.h"

#define APLIC_DOMAINCFG 0x0000UL
#define APLIC_DOMAINCFG_IE 0x100U
#define APLIC_DOMAINCFG_DM 0x4U
#define APLIC_SOURCECFG(irq) (0x0004UL + 4UL * ((unsigned long)(irq)-1UL))
#define APLIC_SM_LEVEL_HIGH 6U
#define APLIC_SETIPNUM 0x1cdcUL
#define APLIC_SETIENUM 0x1edcUL
#define APLIC_TARGET(irq) (0x3004UL + 4UL * ((unsigned long)(irq)-1UL))
#define APLIC_TARGET_HART_SHIFT 18U

static volatile uint32_t *aplic_reg(unsigned long off)
{
	return (volatile uint32_t *)(uintptr_t)(PLAT_APLIC_BASE + off);
}

void rv_aplic_init(void)
{
	*aplic_reg(APLIC_DOMAINCFG) = APLIC_DOMAINCFG_IE | APLIC_DOMAINCFG_DM;
}

static bool routable(unsigned irq)
{
	return irq != 0U && irq < PLAT_IRQ_SOURCES && irq != PLAT_UART_IRQ;
}

/* [impl->dsn~riscv64-passthrough-irq~1] [impl->dsn~riscv64-aia-host~1] */
int hal_irq_route(unsigned irq, unsigned cpu)
{
	if (!routable(irq) || cpu >= HAL_MAX_CPUS) {
		return -HAL_EINVAL;
	}
	*aplic_reg(APLIC_SOURCECFG(irq)) = APLIC_SM_LEVEL_HIGH;
	*aplic_reg(APLIC_TARGET(irq)) =
	        (uint32_t)(rv_pcpus[cpu].hartid << APLIC_TARGET_HART_SHIFT) | irq;
	*aplic_reg(APLIC_SETIENUM) = irq;
	return 0;
}

void rv_aplic_retrigger(unsigned irq)
{
	if (routable(irq)) {
		*aplic_reg(APLIC_SETIPNUM) = irq;
	}
}

void hal_irq_eoi(unsigned irq)
{
	(void)irq; /* MSI mode: the claim (stopei) ended it */
}
