#!/bin/bash
# Builds the PostgreSQL test image without any image registry:
# debootstrap (Debian mirror) -> slim rootfs -> entrypoint -> `docker import`. PgBouncer (Debian's
# package) is in it too, for the tests of a pooler in front of the database: the same image runs
# it with another entrypoint.
# Usage: ./build-image.sh [15|17]     (15 = bookworm, 17 = trixie)
# Env:   MIRROR (default: the first 'URIs:' entry of this machine's apt sources), IMAGE (default cocktaildb-test/postgres:<ver>),
#        WORKDIR (default /tmp/pg-image), KEEP_ROOTFS=1 to reuse an existing debootstrap result.
set -euo pipefail

PG_MAJOR="${1:-15}"
case "$PG_MAJOR" in
	15) SUITE=bookworm ;;
	17) SUITE=trixie ;;
	*)  echo "unsupported PG major $PG_MAJOR (15|17)" >&2; exit 2 ;;
esac
# The mirror apt already uses on this machine (no host name is hard-coded here).
MIRROR="${MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null)}"
: "${MIRROR:?set MIRROR to a Debian mirror URL}"
IMAGE="${IMAGE:-cocktaildb-test/postgres:$PG_MAJOR}"
WORKDIR="${WORKDIR:-/tmp/pg-image}"
ROOTFS="$WORKDIR/rootfs-$PG_MAJOR"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

command -v debootstrap >/dev/null || apt-get install -y debootstrap

t0=$(date +%s)
if [ "${KEEP_ROOTFS:-0}" = 1 ] && [ -x "$ROOTFS/usr/lib/postgresql/$PG_MAJOR/bin/postgres" ] && [ -x "$ROOTFS/usr/sbin/pgbouncer" ]; then
	echo "reusing $ROOTFS"
else
	rm -rf "$ROOTFS"
	debootstrap --variant=minbase --include="postgresql-$PG_MAJOR,pgbouncer" "$SUITE" "$ROOTFS" "$MIRROR"
fi
t1=$(date +%s)

# --- slim down (the image is for tests only) ---
rm -rf "$ROOTFS"/var/lib/postgresql/"$PG_MAJOR" "$ROOTFS"/etc/postgresql/"$PG_MAJOR"  # Debian's auto-created 'main' cluster
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* \
       "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* \
       "$ROOTFS"/usr/share/locale/* "$ROOTFS"/var/log/*.log "$ROOTFS"/var/cache/debconf/*-old
# JIT is optional: PostgreSQL silently runs without llvmjit.so (pg_jit_available() = false).
rm -rf "$ROOTFS"/usr/lib/postgresql/"$PG_MAJOR"/lib/llvmjit* "$ROOTFS"/usr/lib/postgresql/"$PG_MAJOR"/lib/bitcode \
       "$ROOTFS"/usr/lib/x86_64-linux-gnu/libLLVM* "$ROOTFS"/usr/lib/x86_64-linux-gnu/libz3.so*

# --- entrypoint (same contract as the official image) ---
install -m 0755 "$HERE/docker-entrypoint.sh" "$ROOTFS/usr/local/bin/docker-entrypoint.sh"
mkdir -p "$ROOTFS/docker-entrypoint-initdb.d" "$ROOTFS/var/lib/postgresql/data"
chroot "$ROOTFS" chown -R postgres:postgres /var/lib/postgresql
: > "$ROOTFS/etc/resolv.conf"; echo localhost > "$ROOTFS/etc/hostname"

# --- import (no registry involved) ---
docker rmi -f "$IMAGE" >/dev/null 2>&1 || true
tar --numeric-owner --xattrs -C "$ROOTFS" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . \
| docker import \
	--change "ENV PATH=/usr/lib/postgresql/$PG_MAJOR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
	--change "ENV PG_MAJOR=$PG_MAJOR" \
	--change 'ENV PGDATA=/var/lib/postgresql/data' \
	--change 'ENV LANG=C.UTF-8' \
	--change 'EXPOSE 5432' \
	--change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
	--change 'CMD ["postgres"]' \
	- "$IMAGE"
# `docker import --change` rejects STOPSIGNAL; add it with a metadata-only build (legacy builder, no registry).
# SIGINT = PostgreSQL "fast" shutdown, like the official image (SIGTERM = "smart", waits for clients).
printf 'FROM %s\nSTOPSIGNAL SIGINT\nLABEL cocktaildb.inputs=%s\n' "$IMAGE" "$(bash "$HERE/../image-inputs.sh" "$HERE" "$PG_MAJOR")" | DOCKER_BUILDKIT=0 docker build -q -t "$IMAGE" - >/dev/null 2>&1 \
	|| echo 'warning: STOPSIGNAL not set (legacy builder unavailable); docker stop will send SIGTERM' >&2
t2=$(date +%s)

echo "debootstrap: $((t1 - t0))s, slim+import: $((t2 - t1))s, total: $((t2 - t0))s"
docker image ls "$IMAGE"
