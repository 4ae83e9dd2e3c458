/* Host fakes for the hardware edges of hal/arm64/ptimer.c (fake_counter.c). */
#ifndef FAKE_COUNTER_H
#define FAKE_COUNTER_H

#include <stdint.h>

extern uint64_t fake_count;    /* what arm64_counter_now() returns */
extern unsigned fake_raises;   /* arm64_vgic_raise() calls */
extern unsigned fake_last_ppi; /* the last INTID raised */

#endif
