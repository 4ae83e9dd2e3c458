/*
 * The demo's application domains (demo_app_flow.c), shared by the Arm64
 * and RISC-V guests.
 */
#ifndef GUESTS_COMMON_DEMO_APP_FLOW_H
#define GUESTS_COMMON_DEMO_APP_FLOW_H

/* Place shared_info, then run app-a (bootargs a=1) or app-b for ever over
 * the mailbox at shm. */
void demo_app_main(const void *dtb, unsigned long shared_info, unsigned long shm);

#endif
