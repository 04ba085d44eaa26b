#!/usr/bin/env bash
# Makes the Docker tests' image without pulling anything: a busybox-static root filesystem, `docker import`ed.
# Usage: tests/make-docker-image.sh [image]   (default pscn-busybox:latest; PSCN_TEST_IMAGE tells the tests another)
set -euo pipefail
image=${1:-pscn-busybox:latest}
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "have $image"
  exit 0
fi
busybox=$(command -v busybox) || { echo "busybox is missing: apt-get install busybox-static" >&2; exit 1; }
applets=$("$busybox" --list)  # not piped into grep -q: under pipefail, its early exit would fail the pipe
for needed in httpd nslookup sleep; do
  if ! grep -qx "$needed" <<<"$applets"; then
    echo "$busybox lacks the '$needed' applet the tests use: install busybox-static" >&2
    exit 1
  fi
done
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/tmp"
cp "$busybox" "$root/bin/busybox"
for applet in $applets; do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$image" >/dev/null
echo "made $image"
