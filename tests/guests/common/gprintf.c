/*
 * gprintf: a tiny formatter shared by the Arm64 and RISC-V test guests;
 * each call is one guest_console_write() (console_io hypercall on Arm64,
 * SBI DBCN on RISC-V), so a line is never split between domains.
 * "guest.h" is the including arch's own.
 */
#include <stdarg.h>

#include "guest.h"

#define LINE 160

struct out {
	char buf[LINE];
	size_t n;
};

static void put(struct out *o, char c)
{
	if (o->n < LINE) {
		o->buf[o->n++] = c;
	}
}

static void put_num(struct out *o, unsigned long v, unsigned base)
{
	char tmp[24];
	unsigned n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0U);
	while (n > 0U) {
		put(o, tmp[--n]);
	}
}

static const char *conv(struct out *o, const char *f, va_list *ap)
{
	bool lng = *f == 'l';

	f += lng ? 1 : 0;
	switch (*f) {
	case 's':
		for (const char *s = va_arg(*ap, const char *); *s != '\0'; s++) {
			put(o, *s);
		}
		break;
	case 'u':
		put_num(o, lng ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned), 10);
		break;
	case 'd': {
		long v = lng ? va_arg(*ap, long) : va_arg(*ap, int);

		if (v < 0) {
			put(o, '-');
			v = -v;
		}
		put_num(o, (unsigned long)v, 10);
		break;
	}
	case 'x':
		put_num(o, lng ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned), 16);
		break;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		break;
	default:
		put(o, *f);
		break;
	}
	return f;
}

void gprintf(const char *fmt, ...)
{
	struct out o;
	va_list ap;

	o.n = 0;

	va_start(ap, fmt);
	for (const char *f = fmt; *f != '\0'; f++) {
		if (*f == '%' && f[1] != '\0') {
			f = conv(&o, f + 1, &ap);
		} else {
			put(&o, *f);
		}
	}
	va_end(ap);
	guest_console_write(o.buf, o.n);
}
