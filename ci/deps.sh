#!/bin/sh
# deps.sh: make sure the packages pflowlab builds and tests with are there.
#
#   ci/deps.sh          install what is missing (as root), or print the
#                       exact command to run (as a normal user); exit 1
#                       if something needed for building is still missing
#   ci/deps.sh --check  only report; exit 1 if anything is missing
#   ci/deps.sh --build  consider only what building needs
set -u

mode=install
scope=all
for a in "$@"; do
	case "$a" in
	--check) mode=check ;;
	--build) scope=build ;;
	*) echo "usage: ci/deps.sh [--check] [--build]" >&2; exit 2 ;;
	esac
done

# what each Debian package provides, as a file that proves it is there
build_pkgs="gcc:/usr/bin/gcc make:/usr/bin/make pkg-config:/usr/bin/pkg-config
libpcap-dev:/usr/include/pcap/pcap.h libnet1-dev:/usr/include/libnet.h
libcmocka-dev:/usr/include/cmocka.h libjansson-dev:/usr/include/jansson.h"
test_pkgs="tcpdump:/usr/bin/tcpdump tshark:/usr/bin/tshark
softflowd:/usr/sbin/softflowd nfdump:/usr/bin/nfdump
tcpreplay:/usr/bin/tcpreplay iproute2:/usr/sbin/ip
ethtool:/usr/sbin/ethtool iputils-ping:/usr/bin/ping clang:/usr/bin/clang
libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a"

list=$build_pkgs
[ "$scope" = all ] && list="$build_pkgs $test_pkgs"

missing=
for pf in $list; do
	p=${pf%%:*}
	f=${pf#*:}
	[ -e "$f" ] || missing="$missing $p"
done
missing=${missing# }

if [ -z "$missing" ]; then
	exit 0
fi

if [ "$(uname -s)" = OpenBSD ]; then
	echo "pflowlab needs: pkg_add libnet libpcap cmocka jansson tshark nfdump softflowd" >&2
	exit 1
fi

cmd="apt-get install -y --no-install-recommends $missing"
if [ "$mode" = check ]; then
	echo "missing packages: $missing" >&2
	echo "install them with: $cmd" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "pflowlab needs these Debian packages: $missing" >&2
	echo "run as root: apt-get update && $cmd" >&2
	exit 1
fi
echo "ci/deps.sh: installing $missing" >&2
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" |
    debconf-set-selections 2>/dev/null || true
apt-get update -q >/dev/null 2>&1 || apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 ||
    apt-get install -y -q --no-install-recommends $missing
# one last look: only a missing build package is fatal
exec "$0" --check --build
