#!/bin/sh
# Starts rpcbind (ganesha refuses to start when it cannot register NFS and MOUNT with it; it
# listens inside this container's network namespace only and is not published), then ganesha
# in the foreground, logging to stdout.
set -eu
mkdir -p /run/rpcbind /var/lib/nfs/ganesha /export
rpcbind -w
exec ganesha.nfsd -F -f /etc/ganesha/ganesha.conf -L /dev/stdout -N NIV_EVENT
