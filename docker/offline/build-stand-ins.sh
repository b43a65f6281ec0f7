#!/usr/bin/env bash
# For a machine whose Docker cannot reach Docker Hub (no registry, but Debian's mirror and the npm
# registry answer): builds local stand-ins under the three image names docker-compose.yml and the
# Dockerfile use, from Debian bookworm (debootstrap) and this machine's own Node.js:
#   node:20-bookworm-slim  Debian + this machine's node and npm + the `node` user (uid 1000), and this
#                          machine's CA bundle (a TLS-inspecting proxy's CA, where there is one) and
#                          Node's headers (npm's nodedir: node-gyp cannot download them either)
#   postgres:16            Debian's PostgreSQL (15) + postgres-entrypoint.sh (POSTGRES_USER/PASSWORD/DB)
#   nginx:1.27-alpine      Debian's nginx, `nginx -g 'daemon off;'`
# They are NOT the official images: only for checking the compose file, the Dockerfile and the
# topology where the official images cannot be pulled (docker/README.md, "What was verified").
# Needs root, debootstrap, a running dockerd. Usage: bash docker/offline/build-stand-ins.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! docker image inspect standin/debian:bookworm >/dev/null 2>&1; then
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb
  tar -C "$work/rootfs" -c . | docker import - standin/debian:bookworm
  rm -rf "$work/rootfs"
fi

mkdir -p "$work/node"
cp "$(command -v node)" "$work/node/node"
cp -r "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$work/node/npm"
# A machine behind a TLS-inspecting proxy trusts that proxy's CA: so does the stand-in (npm ci in the Dockerfile).
cp /etc/ssl/certs/ca-certificates.crt "$work/node/ca-certificates.crt"
# Node's headers, for better-sqlite3's node-gyp build (nodejs.org is not reachable either).
cp -r "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")/include/node" "$work/node/include"
cat > "$work/node/Dockerfile" <<'DOCKERFILE'
FROM standin/debian:bookworm
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY include /usr/local/include/node
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN mkdir -p /usr/local/etc && printf 'cafile=/etc/ssl/certs/ca-certificates.crt\nnodedir=/usr/local\n' > /usr/local/etc/npmrc \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
CMD ["node"]
DOCKERFILE
docker build -q -t node:20-bookworm-slim "$work/node"

mkdir -p "$work/postgres"
cp "$here/postgres-entrypoint.sh" "$work/postgres/"
cat > "$work/postgres/Dockerfile" <<'DOCKERFILE'
FROM standin/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends postgresql && rm -rf /var/lib/apt/lists/* \
 && rm -rf /var/lib/postgresql/* && mkdir -p /var/lib/postgresql && chown postgres:postgres /var/lib/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
ENV PGDATA=/var/lib/postgresql/data
VOLUME ["/var/lib/postgresql/data"]
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]
DOCKERFILE
docker build -q -t postgres:16 "$work/postgres"

mkdir -p "$work/nginx"
cat > "$work/nginx/Dockerfile" <<'DOCKERFILE'
FROM standin/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
DOCKERFILE
docker build -q -t nginx:1.27-alpine "$work/nginx"
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^(node:20-bookworm-slim|postgres:16|nginx:1.27-alpine) '
