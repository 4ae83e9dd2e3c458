/*
 * Simulated console: output goes to a buffer that tests read back with
 * host_console_take(); input comes from host_console_feed().
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <hal/console.h>
#include <host/host.h>

#define OUT_SIZE 65536U
#define IN_SIZE 4096U

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char out_buf[OUT_SIZE];
static size_t out_len;
static char in_buf[IN_SIZE];
static size_t in_head, in_tail;
static int echo;

void host_console_echo(int on)
{
	echo = on;
}

void hal_console_write(const char *buf, size_t len)
{
	pthread_mutex_lock(&lock);
	size_t room = OUT_SIZE - 1U - out_len;
	size_t n = (len < room) ? len : room;

	memcpy(out_buf + out_len, buf, n);
	out_len += n;
	pthread_mutex_unlock(&lock);
	if (echo) {
		(void)fwrite(buf, 1, len, stderr);
	}
}

size_t host_console_take(char *buf, size_t size)
{
	pthread_mutex_lock(&lock);
	size_t n = (out_len < size) ? out_len : size - 1U;

	memcpy(buf, out_buf, n);
	buf[n] = '\0';
	out_len = 0;
	pthread_mutex_unlock(&lock);
	return n;
}

void host_console_feed(const char *s)
{
	pthread_mutex_lock(&lock);
	for (; *s != '\0' && in_tail - in_head < IN_SIZE; s++) {
		in_buf[in_tail++ % IN_SIZE] = *s;
	}
	pthread_mutex_unlock(&lock);
}

int hal_console_getc(void)
{
	int c = -1;

	pthread_mutex_lock(&lock);
	if (in_head != in_tail) {
		c = (unsigned char)in_buf[in_head++ % IN_SIZE];
	}
	pthread_mutex_unlock(&lock);
	return c;
}
