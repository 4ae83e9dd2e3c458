/*
 * Guest consoles on the hypervisor UART.
 *
 * Design: output is line-buffered per domain and printed whole as
 * "(d<id>) <line>", so lines of different domains never mix; a line longer
 * than CONSOLE_LINE_MAX is printed in pieces. Control characters other
 * than tab are shown as '.', so a guest cannot drive the operator's
 * terminal, and '\r' is dropped (the UART adds it). Input goes to the
 * domain that has the focus; Ctrl-A pressed three times in a row moves the
 * focus to the next domain in id order, then to the hypervisor (input
 * dropped), then around again. Ctrl-A pressed fewer times is passed on.
 *
 * Locking: one spinlock (lock) protects the focus, the switch counter and
 * every domain's buffers; printk's own lock is taken inside it (order:
 * console lock, then printk lock).
 */
#include <core/console.h>
#include <core/domain.h>
#include <core/evtchn.h>
#include <hal/console.h>
#include <lib/print.h>
#include <lib/spinlock.h>
#include <lib/string.h>

static spinlock_t lock = SPINLOCK_INIT;
static uint16_t focus = CONSOLE_FOCUS_NONE;
static unsigned switch_presses;

static void emit_line(struct domain *d)
{
	d->console.line[d->console.line_len] = '\0';
	printk("(d%u) %s\n", d->id, d->console.line);
	d->console.line_len = 0;
}

static char sanitise(char c)
{
	return ((unsigned char)c < 0x20U && c != '\t') || (unsigned char)c == 0x7fU ? '.' : c;
}

/* [impl->dsn~core-console-prefix~1] */
void console_guest_write(struct domain *d, const char *buf, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&lock);

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			emit_line(d);
		} else if (buf[i] != '\r') {
			d->console.line[d->console.line_len++] = sanitise(buf[i]);
			if (d->console.line_len == CONSOLE_LINE_MAX) {
				emit_line(d);
			}
		} else {
			/* '\r' is dropped: the UART driver adds its own */
		}
	}
	spin_unlock_irqrestore(&lock, flags);
}

void console_flush(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&lock);

	if (d->console.line_len > 0U) {
		emit_line(d);
	}
	spin_unlock_irqrestore(&lock, flags);
}

size_t console_guest_read(struct domain *d, char *buf, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&lock);
	struct domain_console *c = &d->console;
	size_t n = 0;

	while (n < len && c->in_head != c->in_tail) {
		buf[n++] = c->in[c->in_head++ % CONSOLE_IN_SIZE];
	}
	spin_unlock_irqrestore(&lock, flags);
	return n;
}

void console_domain_reset(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&lock);

	(void)memset(&d->console, 0, sizeof(d->console));
	spin_unlock_irqrestore(&lock, flags);
}

uint16_t console_focus(void)
{
	return focus;
}

void console_set_focus(uint16_t id)
{
	focus = id;
	switch_presses = 0;
}

/* Next domain after the focus in id order, or NONE after the last. */
static uint16_t next_focus(void)
{
	unsigned start = 0U;

	if (focus != CONSOLE_FOCUS_NONE) {
		start = (unsigned)focus + 1U;
	}

	for (unsigned id = start; id < CORE_MAX_DOMAINS; id++) {
		if (domain_by_id((uint16_t)id) != NULL) {
			return (uint16_t)id;
		}
	}
	return CONSOLE_FOCUS_NONE;
}

/* Queue one byte for the focused domain; false if it must be notified. */
static bool deliver(struct domain *d, char c)
{
	struct domain_console *con = &d->console;

	if (con->in_tail - con->in_head < CONSOLE_IN_SIZE) {
		con->in[con->in_tail++ % CONSOLE_IN_SIZE] = c;
		return true;
	}
	return false; /* full: dropped */
}

static void announce_focus(void)
{
	struct domain *d = domain_by_id(focus);

	if (d != NULL) {
		printk("bulkhead: console input to d%u (%s), Ctrl-A x3 to switch\n", d->id,
		       d->name);
	} else {
		printk("bulkhead: console input to the hypervisor, Ctrl-A x3 to switch\n");
	}
}

/* Handle one received byte; returns the domain to notify or NULL. */
static struct domain *input_byte(char c)
{
	struct domain *d = domain_by_id(focus);
	bool queued = false;

	if ((unsigned char)c == CONSOLE_SWITCH_KEY) {
		if (++switch_presses == CONSOLE_SWITCH_COUNT) {
			switch_presses = 0;
			focus = next_focus();
			announce_focus();
		}
		return NULL;
	}
	for (; switch_presses > 0U && d != NULL; switch_presses--) {
		queued |= deliver(d, (char)CONSOLE_SWITCH_KEY);
	}
	switch_presses = 0;
	if (d != NULL) {
		queued |= deliver(d, c);
	}
	return queued ? d : NULL;
}

/* [impl->dsn~core-console-input~1] */
void console_poll(void)
{
	for (int c = hal_console_getc(); c >= 0; c = hal_console_getc()) {
		unsigned long flags = spin_lock_irqsave(&lock);
		struct domain *d = input_byte((char)c);

		spin_unlock_irqrestore(&lock, flags);
		if (d != NULL) {
			(void)evtchn_send_virq(&d->vcpu[0], XEN_VIRQ_CONSOLE);
		}
	}
}
