# Rejected: a null pool runs one vCPU per pCPU, this one has 3 for 2.
pool id=0 sched=null cpus=0-1
vcpu dom=1 pool=0 load=cpu
vcpu dom=1 pool=0 load=cpu
vcpu dom=2 pool=0 load=cpu
