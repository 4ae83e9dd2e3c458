/*
 * x86-64 SVM feature names (CPUID 0x8000000A EDX), for the boot report.
 * Host-testable: pure formatting, no hardware access.
 */
#include <stddef.h>
#include <stdint.h>

#include <lib/print.h>

#include "arch.h"

struct svm_feature {
	unsigned bit;
	const char *name;
};

/* AMD APM vol. 3, CPUID Fn8000_000A_EDX. */
static const struct svm_feature svm_features[] = {
        {0, "NP"},           {1, "LbrVirt"},
        {2, "SVML"},         {3, "NRIPS"},
        {4, "TscRateMsr"},   {5, "VmcbClean"},
        {6, "FlushByAsid"},  {7, "DecodeAssists"},
        {10, "PauseFilter"}, {12, "PauseFilterThreshold"},
        {13, "AVIC"},        {15, "VMSAVEvirt"},
        {16, "VGIF"},        {17, "GMET"},
        {18, "x2AVIC"},      {19, "SSSCheck"},
        {20, "SpecCtrl"},    {25, "VNMI"},
};

/*
 * Writes the names of the set bits, space separated ("none" if none), into
 * buf (always NUL-terminated when size > 0). Returns the full length.
 */
size_t x86_svm_format_features(uint32_t edx, char *buf, size_t size)
{
	size_t len = 0;

	if (size > 0U) {
		buf[0] = '\0';
	}
	for (size_t i = 0; i < sizeof(svm_features) / sizeof(svm_features[0]); i++) {
		const struct svm_feature *f = &svm_features[i];
		size_t room = (len < size) ? size - len : 0U;
		char *dst = (room > 0U) ? buf + len : NULL;

		if ((edx & (1U << f->bit)) == 0U) {
			continue;
		}
		len += (size_t)bh_snprintf(dst, room, "%s%s", (len > 0U) ? " " : "", f->name);
	}
	if (len == 0U) {
		len = (size_t)bh_snprintf(buf, size, "none");
	}
	return len;
}

#define SVM_EDX_NRIPS (1U << 3)
#define SVM_EDX_FLUSH_BY_ASID (1U << 6)
#define SVM_EDX_DECODE_ASSISTS (1U << 7)

/*
 * [impl->dsn~x86-svm-assists~1]
 * The features the backend uses, from CPUID 0x8000000A (EBX: ASIDs; EDX:
 * NRIPS, FlushByAsid, DecodeAssists). Pure: host unit test.
 */
struct x86_svm_caps x86_svm_caps_from_cpuid(uint32_t ebx, uint32_t edx)
{
	struct x86_svm_caps c = {
	        .nr_asids = ebx,
	        .nrips = (edx & SVM_EDX_NRIPS) != 0U,
	        .flush_by_asid = (edx & SVM_EDX_FLUSH_BY_ASID) != 0U,
	        .decode_assists = (edx & SVM_EDX_DECODE_ASSISTS) != 0U,
	};

	return c;
}

/*
 * [impl->dsn~x86-svm-assists~1]
 * Length of the exiting instruction: next RIP - RIP with NRIPS when that is
 * a plausible length (1-15), else `fallback` (the fixed length or the
 * decoder's).
 */
uint8_t x86_insn_len_pick(const struct x86_svm_caps *c, uint64_t rip, uint64_t nrip,
                          uint8_t fallback)
{
	uint64_t n = nrip - rip;

	return (c->nrips && n > 0U && n <= 15U) ? (uint8_t)n : fallback;
}

/*
 * [impl->dsn~x86-svm-assists~1]
 * How many instruction bytes to take from the VMCB on a #NPF: its count
 * (0-15) with DecodeAssists, else 0 (the backend fetches them itself
 * through the guest's page tables).
 */
unsigned x86_insn_bytes_pick(const struct x86_svm_caps *c, uint8_t vmcb_count)
{
	return c->decode_assists ? ((unsigned)vmcb_count & 0xfU) : 0U;
}
