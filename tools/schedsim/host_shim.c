/*
 * The few HAL functions sched/ and lib/ need, for the simulator and the
 * scheduler tests, so that they build from sched_sources + lib_sources
 * alone (the full hal/host library pulls in the whole core). One simulated
 * thread: no interrupts, locks never contend.
 *
 * Console output is kept in a buffer (schedsim_console_take) and echoed to
 * stdout when echo is on; hal_cpu_halt (panic) aborts, so a scheduler
 * invariant violation fails the test or the tool loudly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hal/console.h>
#include <hal/cpu.h>

#include "host_shim.h"

static char out[65536];
static size_t out_len;
static int echo;

void schedsim_console_echo(int on)
{
	echo = on;
}

size_t schedsim_console_take(char *buf, size_t size)
{
	size_t n = out_len < size - 1U ? out_len : size - 1U;

	memcpy(buf, out, n);
	buf[n] = '\0';
	out_len = 0;
	return n;
}

void hal_console_write(const char *buf, size_t len)
{
	size_t room = sizeof(out) - out_len;
	size_t n = len < room ? len : room;

	memcpy(out + out_len, buf, n);
	out_len += n;
	if (echo) {
		fwrite(buf, 1, len, stdout);
	}
}

int hal_console_getc(void)
{
	return -1;
}

unsigned hal_cpu_id(void)
{
	return 0;
}

void hal_cpu_relax(void)
{
}

unsigned long hal_irq_save(void)
{
	return 0;
}

void hal_irq_restore(unsigned long flags)
{
	(void)flags;
}

_Noreturn void hal_cpu_halt(void)
{
	fflush(stdout);
	fprintf(stderr, "%.*s", (int)out_len, out);
	abort();
}
