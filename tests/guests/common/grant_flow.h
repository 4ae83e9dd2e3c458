/*
 * The grant scenario the Arm64 and RISC-V test guests share (grant_flow.c);
 * each arch's grant.c supplies its memory layout, interrupt handling and
 * entry point.
 */
#ifndef GUESTS_COMMON_GRANT_FLOW_H
#define GUESTS_COMMON_GRANT_FLOW_H

struct grant_layout {
	unsigned long shared_info; /* where shared_info is placed */
	unsigned long gnttab;      /* where grant-table frame 0 is placed */
	unsigned long page;        /* the page d1 grants */
	unsigned long map;         /* the hole d2 maps it at */
};

/* Read domid/granter from the DTB's bootargs and run this side's steps. */
void grant_flow_main(const void *dtb, const struct grant_layout *layout);

#endif
