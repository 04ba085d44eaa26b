#!/usr/bin/env bash
# Makes the Docker tests' image without pulling anything: a busybox-static root filesystem, `docker import`ed.
# Usage: tests/make-docker-image.sh [image]   (default pscn-busybox:latest; PSCN_TEST_IMAGE tells the tests another)
set -euo pipefail
image=${1:-pscn-busybox:latest}
busybox=$(command -v busybox) || { echo "busybox is missing: apt-get install busybox-static" >&2; exit 1; }
if ! "$busybox" --list | grep -qx httpd; then
  echo "$busybox lacks applets the tests use (httpd, nslookup): install busybox-static" >&2
  exit 1
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/tmp"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$image" >/dev/null
echo "made $image"
