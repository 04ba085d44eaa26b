#!/usr/bin/env bash
# The across-hosts test bed: several real Docker engines on this machine, each in a network namespace of its
# own ("a host"), joined by an underlay bridge in one more namespace.
#   tests/engines.sh up COUNT     starts COUNT engines (2 or 3), loads the test image into each, prints
#                                 PSCN_ENGINES=h1=unix:///run/pscn-bed/h1/docker.sock;h2=...
#                                 Each engine also answers on tcp://10.77.0.N:2376 with verified TLS (DOCKER_CERT_PATH=
#                                 /run/pscn-bed/tls, DOCKER_TLS_VERIFY=1), reached from this namespace through the link
#                                 pscnbed0 (10.77.0.254) on the underlay: an engine "on another machine", whose
#                                 containers' namespaces cannot be entered from here.
#   tests/engines.sh down         removes everything `up` made (by the PIDs it recorded), also after a failed up
#   tests/engines.sh restart hN   restarts engine hN's dockerd (same namespace, data and sockets)
# Host N is 10.77.0.N/24 on the underlay (namespace pscn-bed-ul, bridge br0), namespace pscn-bed-hN, hostname
# pscn-bed-hN, state under /run/pscn-bed/hN and /var/lib/pscn-bed/hN, cgroups under pscn-bed-hN.
set -euo pipefail
run=/run/pscn-bed
lib=/var/lib/pscn-bed
underlay=pscn-bed-ul
image=${PSCN_TEST_IMAGE:-pscn-busybox:latest}
controllers=(cpu cpuacct cpuset memory devices freezer blkio pids)

log() { echo "engines: $*" >&2; }

# Everything below runs inside the engine's namespaces: `ip netns exec` gave it a mount namespace with a
# fresh /sys, which hides the cgroup hierarchies dockerd needs; they are mounted again in there.
engine_main() {
  local host=$1 address=$2 dir=$run/$1
  hostname "pscn-bed-$host"
  if [ -d /sys/fs/cgroup ] && ! mountpoint -q /sys/fs/cgroup; then
    if grep -q '^cgroup2 /sys/fs/cgroup ' /proc/1/mounts; then
      mount -t cgroup2 cgroup2 /sys/fs/cgroup
    else
      mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
      local c
      for c in "${controllers[@]}"; do
        grep -qw "$c" /proc/cgroups || continue
        mkdir -p "/sys/fs/cgroup/$c" && mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c"
      done
      mkdir -p /sys/fs/cgroup/systemd && mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd || true
    fi
  fi
  exec dockerd --data-root "$lib/$host" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "unix://$dir/docker.sock" -H "tcp://$address:2376" --tlsverify --tlscacert "$run/tls/ca.pem" \
    --tlscert "$run/tls/server-cert.pem" --tlskey "$run/tls/server-key.pem" --cgroup-parent "pscn-bed-$host" --log-level warn
}

# A CA, a server certificate for every engine's address and a client certificate, as DOCKER_CERT_PATH wants them.
make_tls() {
  local tls=$run/tls count=$1 i sans="IP:127.0.0.1"
  for i in $(seq 1 "$count"); do sans="$sans,IP:10.77.0.$i"; done
  mkdir -p "$tls" && chmod 700 "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=pscn-bed CA" -keyout "$tls/ca-key.pem" -out "$tls/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=pscn-bed engine" -keyout "$tls/server-key.pem" -out "$tls/server.csr" 2>/dev/null
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca-key.pem" -CAcreateserial -days 2 -out "$tls/server-cert.pem" \
    -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$sans") 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=pscn-bed client" -keyout "$tls/key.pem" -out "$tls/client.csr" 2>/dev/null
  openssl x509 -req -in "$tls/client.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca-key.pem" -CAcreateserial -days 2 -out "$tls/cert.pem" \
    -extfile <(printf 'extendedKeyUsage=clientAuth\n') 2>/dev/null
}

start_engine() { # HOST: its dockerd, in its namespace, with its log and PID
  local host=$1
  ip netns exec "pscn-bed-$host" unshare --mount --uts --propagation private \
    "$0" __engine "$host" "10.77.0.${host#h}" >>"$run/$host/dockerd.log" 2>&1 &
  echo $! >"$run/$host/started.pid"
}

wait_engine() { # HOST: until its dockerd answers (at most 30 s)
  local host=$1 n
  for n in $(seq 1 60); do
    docker -H "unix://$run/$host/docker.sock" version >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$run/$host/started.pid")" 2>/dev/null || { log "$host's dockerd exited:"; tail -5 "$run/$host/dockerd.log" >&2; exit 1; }
    sleep 0.5
  done
  log "$host's dockerd does not answer"; exit 1
}

stop_engine() { # HOST: its dockerd, by the PID it recorded (dockerd stops the containerd it started)
  local host=$1 pid n
  [ -f "$run/$host/started.pid" ] || return 0
  pid=$(cat "$run/$host/started.pid")
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid"
  for n in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  log "$host's dockerd ($pid) did not stop: killing it"
  kill -9 "$pid"
}

# A Docker 20.10 engine that left a swarm without its peers' answer ("Could not close DB: timeout waiting for
# leave broadcast") keeps its gossip port, and no later swarm's overlay works on it (moby/moby#31913): restart it.
restart() {
  local host=$1
  [ -d "$run/$host" ] || { log "no engine $host"; exit 1; }
  stop_engine "$host"
  start_engine "$host"
  wait_engine "$host"
}

up() {
  local count=${1:-2} i host
  [ -e "$run" ] && { log "$run exists: run '$0 down' first"; exit 1; }
  mkdir -p "$run" "$lib"
  make_tls "$count"
  ip netns add "$underlay"
  ip -n "$underlay" link set lo up
  ip -n "$underlay" link add br0 type bridge
  ip -n "$underlay" link set br0 up
  # This namespace's way onto the underlay, for the engines' TCP sockets; nothing is routed beyond 10.77.0.0/24.
  ip link add pscnbed0 type veth peer name root netns "$underlay"
  ip -n "$underlay" link set root master br0 up
  ip addr add 10.77.0.254/24 dev pscnbed0
  ip link set pscnbed0 up
  local engines=()
  for i in $(seq 1 "$count"); do
    host=h$i
    mkdir -p "$run/$host"
    ip netns add "pscn-bed-$host"
    ip -n "$underlay" link add "$host" master br0 up type veth peer name ul0 netns "pscn-bed-$host"
    ip -n "pscn-bed-$host" addr add "10.77.0.$i/24" dev ul0
    ip -n "pscn-bed-$host" link set ul0 up
    ip -n "pscn-bed-$host" link set lo up
    start_engine "$host"
    engines+=("$host=unix://$run/$host/docker.sock")
  done
  for i in $(seq 1 "$count"); do wait_engine "h$i"; done
  local saved
  saved=$(mktemp)
  docker save "$image" -o "$saved"
  for i in $(seq 1 "$count"); do
    docker -H "unix://$run/h$i/docker.sock" load -q -i "$saved" >/dev/null
  done
  rm -f "$saved"
  (IFS=';'; echo "PSCN_ENGINES=${engines[*]}")
}

down() {
  local dir host sock
  for dir in "$run"/h*; do
    [ -d "$dir" ] || continue
    host=${dir##*/}
    sock="unix://$dir/docker.sock"
    if docker -H "$sock" version >/dev/null 2>&1; then
      docker -H "$sock" swarm leave --force >/dev/null 2>&1 || true
      local ids
      ids=$(docker -H "$sock" ps -aq)
      [ -z "$ids" ] || docker -H "$sock" rm -f $ids >/dev/null 2>&1 || true
    fi
    stop_engine "$host"
    # containerd and its shims, started by that dockerd, are its children or reparented to init with its
    # cgroup parent; what still runs under that parent is ended too.
    local c
    for c in /sys/fs/cgroup/*/"pscn-bed-$host" /sys/fs/cgroup/"pscn-bed-$host"; do
      [ -d "$c" ] || continue
      find "$c" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -9 2>/dev/null || true
      find "$c" -depth -type d -exec rmdir {} + 2>/dev/null || true
    done
    ip netns del "pscn-bed-$host" 2>/dev/null || true
    rm -rf "${lib:?}/$host"
  done
  ip netns del "$underlay" 2>/dev/null || true   # takes pscnbed0's peer, and so pscnbed0, with it
  ip link del pscnbed0 2>/dev/null || true
  rm -rf "$run" "$lib"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  restart) restart "$2" ;;
  __engine) engine_main "$2" "$3" ;;
  *) echo "usage: $0 up [COUNT] | down | restart HOST" >&2; exit 2 ;;
esac
