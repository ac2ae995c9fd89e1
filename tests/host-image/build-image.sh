#!/bin/bash
# Builds the simulated EC2 host image without any image registry: a debootstrap rootfs with
# systemd as PID 1, openssh-server, sudo, polkitd, python3 (for Ansible) and PostgreSQL on the
# same host, an ec2-user with passwordless sudo, a stand-in cocktaildb-analytics.service and the
# old daily timer the deploy replaces. The tests (tests/Ops.Host.Tests) add what is per run:
# the authorized key, the database role, its password and /opt/cocktaildb/.env.
# Usage: ./build-image.sh [15|17]     (15 = bookworm, 17 = trixie)
# Env:   MIRROR (default: the first 'URIs:' entry of this machine's apt sources),
#        IMAGE (default cocktaildb-test/host:<ver>), WORKDIR (default /tmp/host-image),
#        KEEP_ROOTFS=1 to reuse an existing debootstrap result.
set -euo pipefail

PG_MAJOR="${1:-15}"
case "$PG_MAJOR" in
	15) SUITE=bookworm; LIBSSL=libssl3 ;;
	17) SUITE=trixie; LIBSSL=libssl3t64 ;;
	*)  echo "unsupported PG major $PG_MAJOR (15|17)" >&2; exit 2 ;;
esac
MIRROR="${MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null)}"
: "${MIRROR:?set MIRROR to a Debian mirror URL}"
IMAGE="${IMAGE:-cocktaildb-test/host:$PG_MAJOR}"
WORKDIR="${WORKDIR:-/tmp/host-image}"
ROOTFS="$WORKDIR/rootfs-$PG_MAJOR"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

command -v debootstrap >/dev/null || apt-get install -y debootstrap

in_root() { chroot "$ROOTFS" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
unmount_all() { umount "$ROOTFS/proc" 2>/dev/null || true; }
trap unmount_all EXIT

t0=$(date +%s)
if [ "${KEEP_ROOTFS:-0}" = 1 ] && [ -f "$ROOTFS/var/lib/dpkg/info/polkitd.list" ]; then
	echo "reusing $ROOTFS"
else
	rm -rf "$ROOTFS"
	# python3-apt: Ansible's package module on Debian (Amazon Linux has python3-dnf the same way).
	# procps: ps, which the tests use to read every process's argv.
	debootstrap --variant=minbase \
		--include="systemd,systemd-sysv,dbus,libpam-systemd,openssh-server,sudo,python3,python3-apt,procps,postgresql-$PG_MAJOR" \
		"$SUITE" "$ROOTFS" "$MIRROR"
	t_debootstrap=$(date +%s)
	# polkitd cannot be configured inside debootstrap's own pass (package order in minbase):
	# a second, ordinary apt-get in the finished rootfs installs it. policy-rc.d keeps every
	# package from starting a service in the chroot.
	printf '#!/bin/sh\nexit 101\n' > "$ROOTFS/usr/sbin/policy-rc.d"; chmod 0755 "$ROOTFS/usr/sbin/policy-rc.d"
	mount -t proc proc "$ROOTFS/proc"
	in_root apt-get install -y -q --no-install-recommends polkitd
	# An aarch64 C library and OpenSSL beside the host's own: the linux-arm64 build of
	# cocktaildb-ops can then run here under qemu-user (Graviton hosts cannot be had here).
	cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
	in_root dpkg --add-architecture arm64
	in_root apt-get update -q
	in_root apt-get install -y -q --no-install-recommends libc6:arm64 "$LIBSSL:arm64"
	umount "$ROOTFS/proc"
	rm -f "$ROOTFS/usr/sbin/policy-rc.d"
	echo "debootstrap: $((t_debootstrap - t0))s, polkitd and the aarch64 libraries: $(($(date +%s) - t_debootstrap))s"
fi
t1=$(date +%s)

# --- the host ---
echo cocktaildb-test-host > "$ROOTFS/etc/hostname"
: > "$ROOTFS/etc/resolv.conf"
# Empty: systemd makes a machine id on first boot, so each container is a machine of its own.
: > "$ROOTFS/etc/machine-id"
# A persistent journal, as on the EC2 host: entries of earlier boots stay readable after a restart.
mkdir -p "$ROOTFS/var/log/journal"
# Units that have nothing to do in a container and would leave the system "degraded".
for unit in getty@tty1.service console-getty.service systemd-udevd.service systemd-udev-trigger.service \
            systemd-remount-fs.service sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount \
            systemd-firstboot.service systemd-modules-load.service; do
	ln -sf /dev/null "$ROOTFS/etc/systemd/system/$unit"
done

# sshd: keys only, no root login. Host keys are made on each container's first boot (like
# Amazon Linux's sshd-keygen), never baked into the image.
rm -f "$ROOTFS"/etc/ssh/ssh_host_*
mkdir -p "$ROOTFS/etc/ssh/sshd_config.d" "$ROOTFS/etc/systemd/system/ssh.service.wants"
printf 'PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin no\n' > "$ROOTFS/etc/ssh/sshd_config.d/50-cocktaildb-test.conf"
install -m 0644 "$HERE/ssh-host-keys.service" "$ROOTFS/etc/systemd/system/"
ln -sf /etc/systemd/system/ssh-host-keys.service "$ROOTFS/etc/systemd/system/ssh.service.wants/ssh-host-keys.service"

# ec2-user, as Amazon Linux's cloud-init makes it: passwordless sudo, keys in ~/.ssh.
in_root id ec2-user >/dev/null 2>&1 || in_root useradd --create-home --shell /bin/bash ec2-user
install -d -m 0700 -o "$(in_root id -u ec2-user)" -g "$(in_root id -g ec2-user)" "$ROOTFS/home/ec2-user/.ssh"
install -m 0600 -o "$(in_root id -u ec2-user)" -g "$(in_root id -g ec2-user)" /dev/null "$ROOTFS/home/ec2-user/.ssh/authorized_keys"
printf 'ec2-user ALL=(ALL) NOPASSWD:ALL\n' > "$ROOTFS/etc/sudoers.d/90-cloud-init-users"
chmod 0440 "$ROOTFS/etc/sudoers.d/90-cloud-init-users"

# PostgreSQL on the same host, as in production. Also reachable through the port the tests
# publish on 127.0.0.1 (the API's edits come that way), with a password.
conf="$ROOTFS/etc/postgresql/$PG_MAJOR/main"
printf "listen_addresses = '*'\n" > "$conf/conf.d/50-cocktaildb-test.conf"
grep -q '^host all all 0.0.0.0/0' "$conf/pg_hba.conf" || printf '\nhost all all 0.0.0.0/0 scram-sha-256\n' >> "$conf/pg_hba.conf"

# The stand-in analytics job, and the old daily timer that started it before the deploy.
install -m 0755 "$HERE/analytics-standin.sh" "$ROOTFS/usr/local/lib/cocktaildb-analytics-standin"
install -m 0644 "$HERE/cocktaildb-analytics.service" "$HERE/cocktaildb-analytics.timer" "$ROOTFS/etc/systemd/system/"
mkdir -p "$ROOTFS/etc/systemd/system/timers.target.wants"
ln -sf /etc/systemd/system/cocktaildb-analytics.timer "$ROOTFS/etc/systemd/system/timers.target.wants/cocktaildb-analytics.timer"
# Its knobs (the stand-in decrements fail-times) and its run log are written by the account it
# runs as, cocktaildb, which only the deploy creates: open to every account on this test host.
install -d -m 0777 "$ROOTFS/etc/cocktaildb-analytics-standin" "$ROOTFS/var/lib/cocktaildb-analytics-standin"

# --- slim down (a test image) ---
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* \
       "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/locale/* "$ROOTFS"/var/log/*.log "$ROOTFS"/var/cache/debconf/*-old
rm -rf "$ROOTFS"/usr/lib/postgresql/"$PG_MAJOR"/lib/llvmjit* "$ROOTFS"/usr/lib/postgresql/"$PG_MAJOR"/lib/bitcode \
       "$ROOTFS"/usr/lib/x86_64-linux-gnu/libLLVM* "$ROOTFS"/usr/lib/x86_64-linux-gnu/libz3.so*

# --- import (no registry involved) ---
docker rmi -f "$IMAGE" >/dev/null 2>&1 || true
tar --numeric-owner --xattrs -C "$ROOTFS" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . \
| docker import \
	--change 'ENV container=docker' \
	--change 'ENV LANG=C.UTF-8' \
	--change 'EXPOSE 22 5432' \
	--change 'CMD ["/lib/systemd/systemd"]' \
	- "$IMAGE"
# SIGRTMIN+3 asks systemd for an orderly shutdown (SIGTERM would make it re-execute itself).
# `docker import --change` rejects STOPSIGNAL; a metadata-only build adds it.
printf 'FROM %s\nSTOPSIGNAL SIGRTMIN+3\nLABEL cocktaildb.inputs=%s\n' "$IMAGE" "$(bash "$HERE/../image-inputs.sh" "$HERE" "$PG_MAJOR")" | DOCKER_BUILDKIT=0 docker build -q -t "$IMAGE" - >/dev/null 2>&1 \
	|| echo 'warning: STOPSIGNAL not set (legacy builder unavailable); pass --stop-signal SIGRTMIN+3 to docker run' >&2
t2=$(date +%s)

echo "packages: $((t1 - t0))s, configure+import: $((t2 - t1))s, total: $((t2 - t0))s"
docker image ls "$IMAGE"
