#!/bin/sh
# nfsh-needs: fio
# Kernel-client workload: data integrity under concurrent I/O through the proxy. fio writes
# random blocks with checksums from several jobs at once (unaligned sizes, direct I/O and
# buffered), then reads everything back and verifies it after the guest's caches are dropped.
. "$NFSH_LIB"
D="$NFSH_MNT/fio-$NFSH_RUNID"
mkdir -p "$D"

section "buffered random writes, 3 jobs, verify"
check "fio write+verify (buffered)" fio --name=buf --directory="$D" --numjobs=3 --size=12m \
  --rw=randwrite --bsrange=1k-256k --verify=crc32c --verify_fatal=1 --do_verify=1 \
  --ioengine=psync --group_reporting --output-format=terse
drop_caches
check "fio verify only, after dropping caches" fio --name=buf --directory="$D" --numjobs=3 --size=12m \
  --rw=randwrite --bsrange=1k-256k --verify=crc32c --verify_fatal=1 --verify_only=1 \
  --ioengine=psync --group_reporting --output-format=terse

section "direct I/O, sequential and random mixed, verify"
check "fio O_DIRECT randrw verify" fio --name=direct --directory="$D" --numjobs=2 --size=8m \
  --rw=randrw --bs=64k --direct=1 --verify=md5 --verify_fatal=1 --do_verify=1 \
  --ioengine=psync --group_reporting --output-format=terse

section "cleanup"
check "rm -r" rm -r "$D"
done_testing
