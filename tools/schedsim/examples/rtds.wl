# Three real-time vCPUs under RTDS on one pCPU (utilisation 0.9), each
# running a periodic job equal to its budget, plus a background vCPU
# that only gets idle time because the pool is work-conserving.
pool id=0 sched=rtds cpus=0 work_conserving=1
vcpu dom=1 pool=0 budget=2ms period=10ms load=periodic demand=2ms every=10ms
vcpu dom=2 pool=0 budget=5ms period=20ms load=periodic demand=5ms every=20ms
vcpu dom=3 pool=0 budget=12ms period=40ms load=periodic demand=12ms every=40ms
vcpu dom=4 pool=0 budget=1ms period=100ms load=cpu
run for=10s
