/*
 * HAL contract: the hypervisor's own console (the platform UART).
 */
#ifndef HAL_CONSOLE_H
#define HAL_CONSOLE_H

#include <stddef.h>

/*
 * Write len bytes to the UART, turning "\n" into "\r\n". Polled and
 * synchronous: the bytes are in the UART when it returns. Safe to call from
 * any pCPU, with interrupts on or off; callers serialise whole lines.
 */
void hal_console_write(const char *buf, size_t len);

/* One received byte, or -1 when none is waiting. Never blocks. */
int hal_console_getc(void);

#endif
