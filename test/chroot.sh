# test/chroot.sh: chroots of Debian releases made with debootstrap from the
# archive the host's apt uses, cached outside the repository; shared by
# test/versions (other PostgreSQL majors) and test/deb (the package test).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHROOTS=${CONFITURE_CHROOTS:-/var/cache/confiture/chroots}
MARKER=.confiture-chroot-complete

release_of() {
	case "$1" in
		13) echo bullseye ;;
		15) echo bookworm ;;
		17) echo trixie ;;
		18) echo sid ;;
		*) echo "no Debian release in reach ships PostgreSQL $1" >&2; return 1 ;;
	esac
}

# Installs on the host. Its messages go to stderr: the functions below print
# a chroot's path on stdout, and their callers capture it.
ensure_host_packages() { ensure_packages "$@" >&2; }

# An archive the host's apt uses, by its last path component (debian,
# debian-security): no host name is written here.
host_archive() {
	local name=$1 uri
	uri=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -E "/$name/?\$" | head -n 1 || true)
	if [ -z "$uri" ]; then
		uri=$(grep -hsE '^deb +(\[[^]]*\] +)?[a-z]+://' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
			sed -E 's/^deb +(\[[^]]*\] +)?//' | awk '{print $1}' | grep -E "/$name/?\$" | head -n 1 || true)
	fi
	[ -n "$uri" ] || { echo "cannot find the host's $name archive in /etc/apt" >&2; return 1; }
	echo "${uri%/}"
}
host_mirror() { host_archive debian; }

MOUNTED=()
mount_into() {	# mount_into <chroot>: what apt and PostgreSQL need inside
	local root=$1
	mount --bind /proc "$root/proc" && MOUNTED+=("$root/proc")
	mount --bind /dev "$root/dev" && MOUNTED+=("$root/dev")
	mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts" && MOUNTED+=("$root/dev/pts")
	mount -t tmpfs -o mode=1777 shm "$root/dev/shm" && MOUNTED+=("$root/dev/shm")
}
unmount_all() {
	local i
	for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTED[$i]}" 2>/dev/null || true; done
	MOUNTED=()
}

in_chroot() {	# in_chroot <chroot> <command...>
	local root=$1
	shift
	chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}

# A minimal chroot of a release (cached); prints its path.
ensure_chroot_base() {
	local release=$1 root mirror security started=$SECONDS
	root=$CHROOTS/$release
	if [ -f "$root/$MARKER" ]; then
		echo "$root"
		return
	fi
	ensure_host_packages debootstrap
	mirror=$(host_mirror)
	echo "making the $release chroot (debootstrap --variant=minbase from $mirror)" >&2
	rm -rf "$root"
	mkdir -p "$CHROOTS"
	debootstrap --variant=minbase --include=ca-certificates "$release" "$root" "$mirror" \
		>"$CHROOTS/$release.debootstrap.log" 2>&1 || { tail -n 20 "$CHROOTS/$release.debootstrap.log" >&2; return 1; }
	# Stable releases get their security and point updates from the same archives.
	if [ "$release" != sid ]; then
		echo "deb $mirror $release-updates main" >>"$root/etc/apt/sources.list"
		security=$(host_archive debian-security) &&
			echo "deb $security $release-security main" >>"$root/etc/apt/sources.list"
	fi
	# sid's Release file in the archive copy reachable here is past its Valid-Until.
	echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99confiture-valid-until"
	# No service starts in a chroot, and no default cluster is wanted.
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	mkdir -p "$root/etc/postgresql-common"
	echo 'create_main_cluster = false' >"$root/etc/postgresql-common/createcluster.conf"
	echo base >"$root/$MARKER"
	echo "the $release chroot: made in $((SECONDS - started)) s" >&2
	echo "$root"
}

# The chroot of a PostgreSQL major, with what the suite needs (cached).
ensure_chroot() {
	local major=$1 release root started=$SECONDS
	release=$(release_of "$major")
	root=$(ensure_chroot_base "$release")
	if grep -qx "postgresql-$major" "$root/$MARKER"; then
		echo "$root"
		return
	fi
	local packages=("postgresql-$major" "postgresql-server-dev-$major" "postgresql-client-$major"
		"postgresql-$major-cron" make gcc libc6-dev libipc-run-perl perl python3 libyaml-dev ca-certificates)
	[ "$major" -lt 14 ] && packages+=(libssl-dev)
	mount_into "$root"
	in_chroot "$root" apt-get update -qq >&2
	if ! in_chroot "$root" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; then
		# An archive copy may list a security update whose file it lacks
		# (seen for bullseye-security here): the release's own archive then.
		echo "installing from $release-security failed: retrying without it" >&2
		sed -i '/-security /d' "$root/etc/apt/sources.list"
		in_chroot "$root" apt-get update -qq >&2
		in_chroot "$root" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null ||
			{ unmount_all; echo "PostgreSQL $major could not be installed in the $release chroot" >&2; return 1; }
	fi
	unmount_all
	echo "postgresql-$major" >>"$root/$MARKER"
	echo "PostgreSQL $major in the $release chroot: installed in $((SECONDS - started)) s" >&2
	echo "$root"
}
