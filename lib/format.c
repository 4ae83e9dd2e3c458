/*
 * bh_vsnprintf: the formatter behind printk and bh_snprintf.
 *
 * Design: a bounded output cursor (struct out) that counts every byte it is
 * offered but stores only what fits, so the return value is the length the
 * full output would have had, as in C's vsnprintf. No allocation, no
 * recursion, no floating point.
 */
#include <stdbool.h>
#include <stdint.h>

#include <lib/print.h>
#include <lib/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	bool left; /* '-' flag */
	bool zero; /* '0' flag */
	unsigned width;
	int precision; /* -1 when absent */
	unsigned lmod; /* 0 int, 1 long, 2 long long, 3 size_t, 4 short, 5 char */
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1U < o->size) {
		o->buf[o->len] = c;
	}
	o->len++;
}

static void out_pad(struct out *o, char c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out_char(o, c);
	}
}

static void out_field(struct out *o, const struct spec *sp, const char *s, size_t n)
{
	size_t pad = (sp->width > n) ? sp->width - n : 0U;

	if (!sp->left) {
		out_pad(o, ' ', pad);
	}
	for (size_t i = 0; i < n; i++) {
		out_char(o, s[i]);
	}
	if (sp->left) {
		out_pad(o, ' ', pad);
	}
}

static void out_number(struct out *o, const struct spec *sp, uint64_t v, unsigned base, bool upper,
                       bool negative)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v != 0U);

	size_t len = n + (negative ? 1U : 0U);
	size_t pad = (sp->width > len) ? sp->width - len : 0U;

	if (!sp->left && !sp->zero) {
		out_pad(o, ' ', pad);
	}
	if (negative) {
		out_char(o, '-');
	}
	if (!sp->left && sp->zero) {
		out_pad(o, '0', pad);
	}
	while (n > 0U) {
		out_char(o, tmp[--n]);
	}
	if (sp->left) {
		out_pad(o, ' ', pad);
	}
}

static const char *parse_flags(const char *f, struct spec *sp)
{
	while (*f == '-' || *f == '0') {
		if (*f == '-') {
			sp->left = true;
		} else {
			sp->zero = true;
		}
		f++;
	}
	return f;
}

static const char *parse_width(const char *f, struct spec *sp)
{
	while (*f >= '0' && *f <= '9') {
		sp->width = (sp->width * 10U) + (unsigned)(*f - '0');
		f++;
	}
	if (*f == '.') {
		f++;
		sp->precision = 0;
		while (*f >= '0' && *f <= '9') {
			sp->precision = (sp->precision * 10) + (int)(*f - '0');
			f++;
		}
	}
	return f;
}

/* Length modifiers: l, ll, z, h, hh. */
static const char *parse_length(const char *f, struct spec *sp)
{
	static const struct {
		const char *text;
		unsigned lmod;
	} mods[] = {{"ll", 2U}, {"l", 1U}, {"z", 3U}, {"hh", 5U}, {"h", 4U}};

	for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		size_t n = strlen(mods[i].text);

		if (strncmp(f, mods[i].text, n) == 0) {
			sp->lmod = mods[i].lmod;
			return &f[n];
		}
	}
	return f;
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){.precision = -1};
	return parse_length(parse_width(parse_flags(f, sp), sp), sp);
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->lmod) {
	case 1U:
		return va_arg(*ap, unsigned long);
	case 2U:
		return va_arg(*ap, unsigned long long);
	case 3U:
		return va_arg(*ap, size_t);
	case 4U:
		return (unsigned short)va_arg(*ap, unsigned int);
	case 5U:
		return (unsigned char)va_arg(*ap, unsigned int);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->lmod) {
	case 1U:
		return va_arg(*ap, long);
	case 2U:
		return va_arg(*ap, long long);
	case 3U:
		return (int64_t)va_arg(*ap, size_t);
	case 4U:
		return (short)va_arg(*ap, int);
	case 5U:
		return (signed char)va_arg(*ap, int);
	default:
		return va_arg(*ap, int);
	}
}

static void format_signed(struct out *o, const struct spec *sp, int64_t v)
{
	uint64_t mag = (v < 0) ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	out_number(o, sp, mag, 10U, false, v < 0);
}

static void format_string(struct out *o, const struct spec *sp, const char *s)
{
	if (s == NULL) {
		s = "(null)";
	}
	size_t max = (sp->precision >= 0) ? (size_t)sp->precision : SIZE_MAX;

	out_field(o, sp, s, strnlen(s, max));
}

static void format_pointer(struct out *o, const void *p)
{
	struct spec sp = {.zero = true, .width = 16U, .precision = -1};

	out_char(o, '0');
	out_char(o, 'x');
	out_number(o, &sp, (uint64_t)(uintptr_t)p, 16U, false, false);
}

static void format_one(struct out *o, const struct spec *sp, char conv, va_list *ap)
{
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		format_signed(o, sp, arg_signed(sp, ap));
		break;
	case 'u':
		out_number(o, sp, arg_unsigned(sp, ap), 10U, false, false);
		break;
	case 'x':
	case 'X':
		out_number(o, sp, arg_unsigned(sp, ap), 16U, conv == 'X', false);
		break;
	case 'o':
		out_number(o, sp, arg_unsigned(sp, ap), 8U, false, false);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		out_field(o, sp, &c, 1U);
		break;
	case 's':
		format_string(o, sp, va_arg(*ap, const char *));
		break;
	case 'p':
		format_pointer(o, va_arg(*ap, const void *));
		break;
	default: /* '%' and unknown conversions are printed as they are */
		out_char(o, conv);
		break;
	}
}

/* [impl->dsn~lib-format~1] */
int bh_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {.buf = buf, .size = size, .len = 0};
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		if (*fmt == '\0') {
			break;
		}
		format_one(&o, &sp, *fmt++, &args);
	}
	va_end(args);
	if (size > 0U) {
		buf[(o.len < size) ? o.len : size - 1U] = '\0';
	}
	return (o.len > (size_t)INT32_MAX) ? INT32_MAX : (int)o.len;
}

int bh_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = bh_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
