# ARINC 653: a 20 ms major frame on pCPU 0 with windows for domains 1
# and 2 and an idle window; domain 2 is idle-bound (no work), so its
# window stays idle rather than being lent to domain 1.
pool id=0 sched=arinc653 cpus=0 frame=20ms
window pool=0 dom=1 length=8ms
window pool=0 dom=2 length=6ms
window pool=0 dom=idle length=6ms
vcpu dom=1 pool=0 load=cpu
vcpu dom=2 pool=0 load=io demand=1ms sleep=30ms
run for=1s
