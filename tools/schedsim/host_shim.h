/* Console of the simulator's HAL shim (host_shim.c). */
#ifndef SCHEDSIM_HOST_SHIM_H
#define SCHEDSIM_HOST_SHIM_H

#include <stddef.h>

/* Copy and clear what printk wrote (NUL-terminated). @return bytes copied */
size_t schedsim_console_take(char *buf, size_t size);

/* Also write console output to stdout. */
void schedsim_console_echo(int on);

#endif
