/* bench_printf: %s %u %lu %llu %c %% on the arch console, one char at a time. */
#include <stdarg.h>

#include "bench.h"

static void put_str(const char *s)
{
	while (*s != '\0') {
		bench_arch_putc(*s++);
	}
}

static void put_dec(unsigned long long v)
{
	char tmp[24];
	unsigned n = 0;

	do {
		tmp[n++] = (char)('0' + (v % 10U));
		v /= 10U;
	} while (v != 0U);
	while (n > 0U) {
		bench_arch_putc(tmp[--n]);
	}
}

static const char *conv(const char *f, va_list *ap)
{
	unsigned lng = 0;

	while (*f == 'l') {
		lng++;
		f++;
	}
	switch (*f) {
	case 's':
		put_str(va_arg(*ap, const char *));
		break;
	case 'u':
		put_dec(lng == 0U   ? va_arg(*ap, unsigned)
		        : lng == 1U ? va_arg(*ap, unsigned long)
		                    : va_arg(*ap, unsigned long long));
		break;
	case 'c':
		bench_arch_putc((char)va_arg(*ap, int));
		break;
	default:
		bench_arch_putc(*f);
		break;
	}
	return f;
}

void bench_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (const char *f = fmt; *f != '\0'; f++) {
		if (*f == '%' && f[1] != '\0') {
			f = conv(f + 1, &ap);
		} else {
			bench_arch_putc(*f);
		}
	}
	va_end(ap);
}
