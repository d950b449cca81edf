#!/bin/sh
# Kernel-client workload for versions (issue 5): the host takes a version "kc1" when asked
# (run.ts watches for "kc-version-request" and writes "kc-version-done"); then files are changed,
# and /.versions/kc1 must still show them as they were, read-only.
. "$NFSH_LIB"
D="$NFSH_MNT/kcv-$NFSH_RUNID"
B="kcv-$NFSH_RUNID"

section "before the version"
check "mkdir" mkdir "$D"
head -c 3000000 /dev/urandom > /tmp/big
head -c 5000 /dev/urandom > /tmp/small
check "write big" cp /tmp/big "$D/big"
check "write small" cp /tmp/small "$D/small"
check "symlink" ln -s small "$D/link"
check "subdir" mkdir "$D/sub"
check "file in subdir" sh -c "echo nested > '$D/sub/n'"
check "ask the host for a version" touch "$NFSH_MNT/kc-version-request"
i=0
while [ $i -lt 60 ]; do
  drop_caches
  [ -e "$NFSH_MNT/kc-version-done" ] && break
  sleep 1; i=$((i + 1))
done
check "the version was taken" test -e "$NFSH_MNT/kc-version-done"

section "change everything"
check "overwrite big in the middle" dd if=/dev/zero of="$D/big" bs=4096 seek=100 count=10 conv=notrunc
check "append to small" sh -c "echo more >> '$D/small'"
check "truncate via shell redirection" sh -c ": > '$D/sub/n'"
check "rm the symlink" rm "$D/link"
check "rm -r the subdir" rm -r "$D/sub"
drop_caches

section "the version shows the past"
V="$NFSH_MNT/.versions/kc1/$B"
check "ls .versions" sh -c "ls '$NFSH_MNT/.versions' | grep -qx kc1"
same_file "big as it was" /tmp/big "$V/big"
same_file "small as it was" /tmp/small "$V/small"
check_eq "symlink target" small "$(readlink "$V/link")"
check_eq "nested file" nested "$(cat "$V/sub/n")"
check_eq "ls of the version dir" "big link small sub" "$(ls "$V" | tr '\n' ' ' | sed 's/ $//')"
check "the live big file changed" sh -c "! cmp -s /tmp/big '$D/big'"
check "writing into the version fails" sh -c "! sh -c 'echo x > \"$V/small\"' 2>/dev/null"
check "rm in the version fails" sh -c "! rm '$V/small' 2>/dev/null"
check "mkdir in the version fails" sh -c "! mkdir '$V/newdir' 2>/dev/null"
check ".versions is not listed in the root" sh -c "! ls -a '$NFSH_MNT' | grep -qx .versions"
check "the hidden area is not listed" sh -c "! ls -a '$NFSH_MNT' | grep -qx .nfs-proxy"

check "rm -r" rm -r "$D"
rm -f "$NFSH_MNT/kc-version-request" "$NFSH_MNT/kc-version-done"
done_testing
