/*
 * printk and panic on top of the HAL console.
 *
 * Locking: one console lock serialises whole messages across pCPUs. It is
 * taken with interrupts off so an interrupt handler on the same pCPU that
 * prints cannot deadlock on it.
 */
#include <hal/console.h>
#include <hal/cpu.h>
#include <lib/print.h>
#include <lib/spinlock.h>

#define PRINTK_MAX 256U

static spinlock_t console_lock = SPINLOCK_INIT;

static void vprintk(const char *fmt, va_list ap)
{
	char buf[PRINTK_MAX];
	int n = bh_vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = ((size_t)n < sizeof(buf)) ? (size_t)n : sizeof(buf) - 1U;
	unsigned long flags = spin_lock_irqsave(&console_lock);

	hal_console_write(buf, len);
	spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

_Noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	(void)hal_irq_save();
	printk("PANIC on pCPU %u: ", hal_cpu_id());
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	hal_cpu_halt();
}
