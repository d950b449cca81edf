#!/bin/sh
# Kernel-client workload for the automatic assessment (issue 7): a ransomware-like run through the
# kernel client. 300 documents are written; then each is "encrypted" in place (truncate + random
# bytes, as `> file` does), renamed to .locked, and the originals' names are gone. The proxy must
# notice, raise the disaster level and take a version at once; copy-on-write then preserves every
# document encrypted after that moment, so the newest version shows most of them as they were.
# run.ts prints the level and the versions afterwards.
. "$NFSH_LIB"
D="$NFSH_MNT/kcr-$NFSH_RUNID"
B="kcr-$NFSH_RUNID"
N=300

section "normal work"
check "mkdir" mkdir "$D"
mkdir -p /tmp/orig
i=0
while [ $i -lt $N ]; do
  printf 'Document %s\nQuarterly figures, draft %s.\n' "$i" "$i" > /tmp/orig/doc-$i.txt
  head -c 3000 /dev/zero | tr '\0' 'a' >> /tmp/orig/doc-$i.txt
  cp /tmp/orig/doc-$i.txt "$D/doc-$i.txt" || notok "write doc-$i"
  i=$((i + 1))
done
check "all written" test "$(ls "$D" | wc -l)" -eq $N
drop_caches

section "the attack"
i=0
while [ $i -lt $N ]; do
  head -c 4096 /dev/urandom > "$D/doc-$i.txt"
  mv "$D/doc-$i.txt" "$D/doc-$i.txt.locked"
  i=$((i + 1))
done
check "every document encrypted" test "$(ls "$D" | grep -c '\.locked$')" -eq $N
drop_caches

section "the newest version keeps the originals"
sleep 2
V="$(ls "$NFSH_MNT/.versions" | tail -n 1)"
check "a version exists" test -n "$V"
good=0
i=0
while [ $i -lt $N ]; do
  if cmp -s /tmp/orig/doc-$i.txt "$NFSH_MNT/.versions/$V/$B/doc-$i.txt"; then good=$((good + 1)); fi
  i=$((i + 1))
done
echo "documents readable as they were in version $V: $good of $N"
check "most documents are kept (>= 250 of 300)" test $good -ge 250

section "cleanup"
check "rm" rm -r "$D"
done_testing
