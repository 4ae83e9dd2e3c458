# Three CPU-bound vCPUs with weights 1:2:4 share one pCPU, plus an
# I/O-bound vCPU that wakes every 5 ms for 200 us of work.
pool id=0 sched=credit2 cpus=0
vcpu dom=1 pool=0 weight=256  load=cpu
vcpu dom=2 pool=0 weight=512  load=cpu
vcpu dom=3 pool=0 weight=1024 load=cpu
vcpu dom=4 pool=0 weight=256  load=io demand=200us sleep=5ms jitter=1ms
run for=10s seed=7
