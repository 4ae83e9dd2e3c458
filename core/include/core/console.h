/*
 * Guest consoles multiplexed on the hypervisor UART (see core/console.c).
 *
 * Output: each domain's bytes are collected into a line buffer and printed
 * as "(d<id>) <line>" when a newline arrives or the buffer fills, so lines
 * of different domains never interleave.
 *
 * Input: goes to one domain at a time (the focus). Pressing Ctrl-A three
 * times in a row (CONSOLE_SWITCH_KEY) moves the focus to the next domain
 * that exists, then back to the hypervisor itself (no domain), in id order.
 */
#ifndef CORE_CONSOLE_H
#define CORE_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#define CONSOLE_LINE_MAX 128U    /* bytes per output line before a forced flush */
#define CONSOLE_IN_SIZE 64U      /* input ring per domain */
#define CONSOLE_SWITCH_KEY 0x01U /* Ctrl-A */
#define CONSOLE_SWITCH_COUNT 3U
#define CONSOLE_FOCUS_NONE 0xffffU /* input goes to the hypervisor */

struct domain;

struct domain_console {
	char line[CONSOLE_LINE_MAX + 1U]; /* + NUL */
	size_t line_len;
	char in[CONSOLE_IN_SIZE];
	uint32_t in_head; /* next byte the guest reads */
	uint32_t in_tail; /* next free slot */
};

/* Append guest output; complete lines are printed with the prefix. */
void console_guest_write(struct domain *d, const char *buf, size_t len);

/* Print whatever partial line d has buffered (at shutdown/reset). */
void console_flush(struct domain *d);

/*
 * Take up to len input bytes queued for d. @return bytes copied (0: none).
 */
size_t console_guest_read(struct domain *d, char *buf, size_t len);

/*
 * Drain the UART (hal_console_getc) and deliver input to the focused domain;
 * handles the switch sequence. Called by the run loop on every pass.
 */
void console_poll(void);

/* Domain id that has input focus, or CONSOLE_FOCUS_NONE. */
uint16_t console_focus(void);

/* Set the focus (boot: the first domain; tests). */
void console_set_focus(uint16_t id);

/* Forget all console state of d (reset). */
void console_domain_reset(struct domain *d);

#endif
