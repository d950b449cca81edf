#!/bin/sh
# Kernel-client workload for the proxy (run with ../shared/kernel-client/run-guest.sh; see
# README.md beside this file). Runs inside the guest (busybox ash) with cwd = the NFS mount of
# the proxy's export. Not part of `npm test`: a check of the proxy the way users meet it.
. "$NFSH_LIB"
D="$NFSH_MNT/kc-$NFSH_RUNID"

section "files and directories"
check "mkdir" mkdir "$D"
check "mkdir -p nested" mkdir -p "$D/a/b/c"
head -c 3000000 /dev/urandom > /tmp/ref
check "write 3 MB" cp /tmp/ref "$D/file"
drop_caches
same_file "read back after dropping caches" /tmp/ref "$D/file"
check_eq "size" 3000000 "$(stat -c %s "$D/file")"
ino1=$(stat -c %i "$D/file")
drop_caches
check_eq "inode number stable across cache drops" "$ino1" "$(stat -c %i "$D/file")"

section "small files and listing"
i=0
while [ $i -lt 300 ]; do echo "content $i" > "$D/a/f$i" || break; i=$((i + 1)); done
check_eq "300 small files created" 300 "$i"
drop_caches
check_eq "ls counts 300" 300 "$(ls "$D/a" | grep -c '^f')"
check_eq "small file content" "content 123" "$(cat "$D/a/f123")"

section "rename, link, symlink, truncate, chmod"
check "rename" mv "$D/file" "$D/renamed"
check_fail "old name gone" test -e "$D/file"
check "hard link" ln "$D/renamed" "$D/hard"
check_eq "nlink 2" 2 "$(stat -c %h "$D/renamed")"
check "symlink" ln -s renamed "$D/sym"
check_eq "readlink" renamed "$(readlink "$D/sym")"
same_file "read through symlink" /tmp/ref "$D/sym"
check "truncate" truncate -s 1000 "$D/renamed"
check_eq "size after truncate" 1000 "$(stat -c %s "$D/hard")"
check "chmod" chmod 600 "$D/renamed"
check_eq "mode" 600 "$(stat -c %a "$D/renamed")"
check "append" sh -c "echo tail >> '$D/renamed'"
check_eq "size after append" 1005 "$(stat -c %s "$D/renamed")"

section "overwrite in place and sparse"
check "dd overwrite middle" dd if=/dev/zero of="$D/renamed" bs=1 seek=100 count=10 conv=notrunc
check "sparse file" dd if=/dev/zero of="$D/sparse" bs=1 count=1 seek=10000000
check_eq "sparse size" 10000001 "$(stat -c %s "$D/sparse")"

section "errors"
check_fail "rmdir non-empty" rmdir "$D/a"
check_fail "mkdir existing" mkdir "$D/a"
check_fail "cat missing" cat "$D/nope"

section "cleanup"
check "rm -r" rm -r "$D"
check_fail "gone" test -e "$D"
done_testing
