# A mixed-criticality system on 4 pCPUs: a null pool for a latency-
# critical control domain (pCPUs 0-1, one vCPU each), an RTDS pool for
# two periodic tasks (pCPU 2) and a credit2 pool for best-effort work.
cpus 4
pool id=0 sched=null    cpus=0-1
pool id=1 sched=rtds    cpus=2
pool id=2 sched=credit2 cpus=3
vcpu dom=1 pool=0 load=io demand=50us sleep=1ms
vcpu dom=1 pool=0 load=cpu
vcpu dom=2 pool=1 budget=3ms period=10ms load=periodic demand=3ms every=10ms
vcpu dom=3 pool=1 budget=4ms period=8ms  load=periodic demand=4ms every=8ms
vcpu dom=4 pool=2 weight=512 load=cpu
vcpu dom=5 pool=2 weight=256 cap=20 load=cpu
run for=2s
