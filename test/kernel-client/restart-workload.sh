#!/bin/sh
# Kernel-client workload: the proxy is killed (kill -9) and restarted while the export stays
# mounted. run.ts --restart watches for "kc-restart-request", kills and restarts the proxy, then
# writes "kc-restarted" into the primary's export. Every handle the client cached before must
# still work afterwards: no ESTALE, no remount.
. "$NFSH_LIB"
D="$NFSH_MNT/kcr-$NFSH_RUNID"

section "before the restart"
check "mkdir" mkdir "$D"
head -c 2000000 /dev/urandom > /tmp/ref
check "write" cp /tmp/ref "$D/file"
cd "$D" && ok "cd into the directory (the client holds its handle)" || notok "cd into the directory"
ino=$(stat -c %i "$D/file")
check "ask the host to kill -9 and restart the proxy" touch "$NFSH_MNT/kc-restart-request"

section "wait for the restart"
i=0
while [ $i -lt 120 ]; do
  drop_caches
  [ -e "$NFSH_MNT/kc-restarted" ] && break
  sleep 1; i=$((i + 1))
done
check "the proxy was restarted" test -e "$NFSH_MNT/kc-restarted"

section "after the restart: cached handles still work"
same_file "read the file written before" /tmp/ref "$D/file"
check_eq "same inode number" "$ino" "$(stat -c %i "$D/file")"
check "relative access from the cwd held across the restart" cat ./file > /dev/null
check "write into the old directory" sh -c "echo after > '$D/after'"
check_eq "read it" after "$(cat "$D/after")"
check "rm -r" rm -r "$D"
rm -f "$NFSH_MNT/kc-restart-request" "$NFSH_MNT/kc-restarted"
done_testing
