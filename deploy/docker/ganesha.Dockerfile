# nfs-ganesha (VFS FSAL) serving /export over NFSv3, for deploy/docker-compose.yml.
FROM debian:bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends nfs-ganesha nfs-ganesha-vfs rpcbind \
  && rm -rf /var/lib/apt/lists/*
COPY ganesha.conf /etc/ganesha/ganesha.conf
COPY ganesha-entrypoint.sh /usr/local/bin/ganesha-entrypoint.sh
RUN mkdir -p /export
VOLUME /export
EXPOSE 2049/tcp 20048/tcp
ENTRYPOINT ["/usr/local/bin/ganesha-entrypoint.sh"]
