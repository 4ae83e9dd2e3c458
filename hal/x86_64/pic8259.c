/*
 * x86-64 legacy 8259 PICs: remap away from the exception vectors and mask.
 *
 * Design: the BIOS leaves the master PIC at vector 8, so the PIT's IRQ 0
 * would look like a #DF as soon as interrupts are enabled (idle does). The
 * backend uses the local APIC only: both PICs are re-initialised to vectors
 * X86_VEC_PIC_BASE..+15 and fully masked. A masked PIC can still raise its
 * spurious IRQ 7 / 15; trap.c ignores those two vectors.
 */
#include <stdint.h>

#include "arch.h"
#include "x86.h"

#define PIC1_CMD 0x20U
#define PIC1_DATA 0x21U
#define PIC2_CMD 0xA0U
#define PIC2_DATA 0xA1U
#define ICW1_INIT_ICW4 0x11U
#define ICW3_MASTER_SLAVE_ON_IRQ2 0x04U
#define ICW3_SLAVE_ID 0x02U
#define ICW4_8086 0x01U
#define MASK_ALL 0xFFU

/* [impl->dsn~x86-idle~1] */
void x86_pic_disable(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, X86_VEC_PIC_BASE);
	outb(PIC2_DATA, X86_VEC_PIC_BASE + 8U);
	outb(PIC1_DATA, ICW3_MASTER_SLAVE_ON_IRQ2);
	outb(PIC2_DATA, ICW3_SLAVE_ID);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	outb(PIC1_DATA, MASK_ALL);
	outb(PIC2_DATA, MASK_ALL);
}
