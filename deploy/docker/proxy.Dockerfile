# nfs-proxy from this checkout, for deploy/docker-compose.yml (build context: the repository root).
# The build stage packs the package as `npm pack` would for a release and installs the tarball
# (compiling better-sqlite3 when no prebuilt binary can be downloaded); the runtime stage gets
# only the installed package.
FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY src/rpc-xdr/package.json src/rpc-xdr/
RUN npm ci
COPY . .
RUN npm pack --pack-destination /tmp/pkg \
  && npm install --global --no-audit --no-fund /tmp/pkg/nfs-proxy-*.tgz

FROM node:20-bookworm-slim
COPY --from=build /usr/local/lib/node_modules/@nfs/proxy /usr/local/lib/node_modules/@nfs/proxy
RUN ln -s ../lib/node_modules/@nfs/proxy/dist/cli/main.js /usr/local/bin/nfs-proxy \
  && mkdir -p /var/lib/nfs-proxy /etc/nfs-proxy \
  && chown node:node /var/lib/nfs-proxy \
  && chmod 700 /var/lib/nfs-proxy
# Not root. Docker lets unprivileged processes bind ports below 1024 inside a container
# (net.ipv4.ip_unprivileged_port_start=0), so 2049 needs no capability here.
USER node
VOLUME /var/lib/nfs-proxy
EXPOSE 2049/tcp 8049/tcp
ENTRYPOINT ["nfs-proxy"]
CMD ["serve", "--config", "/etc/nfs-proxy/config.json"]
