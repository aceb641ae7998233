#!/usr/bin/env bash
# Proves the top-level Dockerfile without an image registry or a Docker engine:
#   1. installs Debian's podman (+ runc, debootstrap, ...) if missing;
#   2. makes a local stand-in for the base image docker.io/library/eclipse-temurin:17-jre from a
#      minimal Debian root file system (debootstrap --variant=minbase with openjdk-17-jre-headless,
#      fontconfig, fonts-dejavu-core) fetched from the Debian archive and through the proxy that
#      this machine's apt uses (or MAKEMORE4J_CI_MIRROR), cached as a tarball under $CACHE so
#      reruns are quick;
#   3. builds the project's image from the Dockerfile as it is in the work tree, with --pull=never
#      and --network=none (nothing may be downloaded at image build time);
#   4. runs `train --config config/tiny.yaml` and `sample` in containers as uid 1234 with a host
#      directory mounted at /app/checkpoints, and checks exit codes and the files on the host;
#      also checks --help as the image's default (non-root) user and a mounted, edited config.
# Needs root and target/makemore4j.jar (mvn -B package). Idempotent; leaves only the cache.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

CACHE="${MAKEMORE4J_CI_CACHE:-/var/cache/makemore4j-ci}"
SUITE="${MAKEMORE4J_CI_SUITE:-bookworm}"
MIRROR="${MAKEMORE4J_CI_MIRROR:-}"   # default: the archive this machine's apt uses for $SUITE
BASE=docker.io/library/eclipse-temurin:17-jre
IMAGE="localhost/makemore4j:ci-$$"   # per invocation, so concurrent runs do not collide
RUN_UID=1234
RUN_NAME=ci-tiny
BASE_PACKAGES=openjdk-17-jre-headless,fontconfig,fonts-dejavu-core

log() { printf '[docker-test %s] %s\n' "$(date +%T)" "$*"; }
die() { printf '[docker-test] FAILED: %s\n' "$*" >&2; exit 1; }
trap 'printf "[docker-test] FAILED: line %s exited %s: %s\n" "$LINENO" "$?" "$BASH_COMMAND" >&2' ERR

[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages, runs podman rootful)"
[ -f target/makemore4j.jar ] || die "target/makemore4j.jar is missing: run 'mvn -B package' first"
[ -f Dockerfile ] || die "no Dockerfile at the top level"
started=$SECONDS

# --- 1. tools ------------------------------------------------------------------------------------
need=()
for tool in podman:podman runc:runc debootstrap:debootstrap newuidmap:uidmap \
            slirp4netns:slirp4netns fuse-overlayfs:fuse-overlayfs; do
  command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# --- podman configuration: private storage under $CACHE, runc, cgroupfs, ulimits -------------
# Nothing under /etc is changed: CONTAINERS_CONF and CONTAINERS_STORAGE_CONF point to these.
mkdir -p "$CACHE/storage"
conf_dir="$CACHE/conf"
mkdir -p "$conf_dir"
cat >"$conf_dir/containers.conf" <<'EOF'
[containers]
# Without explicit limits the runtime fails with "setrlimit ... Operation not permitted" here.
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
cat >"$conf_dir/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$CACHE/storage"
runroot = "/run/makemore4j-ci"
EOF
export CONTAINERS_CONF="$conf_dir/containers.conf"
export CONTAINERS_STORAGE_CONF="$conf_dir/storage.conf"
podman --version

work="$(mktemp -d /tmp/makemore4j-docker-test.XXXXXX)"
cleanup() {
  podman rm -f --filter "label=makemore4j-ci=$$" >/dev/null 2>&1 || true
  podman rmi -f "$IMAGE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- 2. stand-in base image ---------------------------------------------------------------------
# debootstrap fetches from the Debian archive that apt on this machine fetches from, as apt itself
# reads its sources (sources.list, sources.list.d/*.list, deb822 *.sources), and through apt's HTTP
# proxy if one is set, so this works wherever `apt-get install` does. The entry for $SUITE is taken,
# else, on Debian, the one for this machine's own release (the same archive holds every suite).
apt_archive() {  # $1: suite -> the URI of apt's "deb" source for it, or nothing
  apt-get indextargets --no-release-info --format '$(TARGET_OF) $(RELEASE) $(REPO_URI)' \
      'Identifier: Packages' 2>/dev/null \
    | awk -v suite="$1" '$1 == "deb" && $2 == suite { sub(/\/$/, "", $3); print $3; exit }'
}
apt_proxy() {  # $1: http or https, $2: host -> apt's proxy for it, or nothing (none or DIRECT)
  local PROXY="" HOST_PROXY=""
  eval "$(apt-config shell PROXY "Acquire::$1::Proxy" HOST_PROXY "Acquire::$1::Proxy::$2")"
  [ -n "$HOST_PROXY" ] && PROXY=$HOST_PROXY
  [ "$PROXY" = DIRECT ] || printf '%s' "$PROXY"
}
if [ -z "$MIRROR" ]; then
  MIRROR="$(apt_archive "$SUITE")"
  if [ -z "$MIRROR" ]; then
    host_suite="$(. /etc/os-release 2>/dev/null && [ "${ID:-}" = debian ] && printf '%s' "${VERSION_CODENAME:-}")" || true
    [ -n "$host_suite" ] && MIRROR="$(apt_archive "$host_suite")"
  fi
  [ -n "$MIRROR" ] || die "apt on this machine has no Debian source for $SUITE (nor for this machine's own release); set MAKEMORE4J_CI_MIRROR to a Debian mirror's URL"
fi
mirror_host="$(printf '%s' "$MIRROR" | sed -E 's#^[a-z]+://([^@/]*@)?##; s#[:/].*##')"
[ -n "${http_proxy:-}" ] || { http_proxy="$(apt_proxy http "$mirror_host")"; [ -z "$http_proxy" ] || export http_proxy; }
[ -n "${https_proxy:-}" ] || { https_proxy="$(apt_proxy https "$mirror_host")"; [ -z "$https_proxy" ] || export https_proxy; }
redact() { printf '%s' "$1" | sed -E 's#//[^@/]*@#//***@#'; }
log "Debian $SUITE from $(redact "$MIRROR")${http_proxy:+, http proxy $(redact "$http_proxy")}${https_proxy:+, https proxy $(redact "$https_proxy")}"
key="$(printf '%s %s %s' "$SUITE" "$BASE_PACKAGES" "$MIRROR" | sha256sum | cut -c1-12)"
tarball="$CACHE/rootfs-$SUITE-$key.tar"
if [ ! -s "$tarball" ]; then
  log "debootstrap $SUITE (minbase + $BASE_PACKAGES): takes a few minutes"
  rootfs="$work/rootfs"
  debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$rootfs" "$MIRROR" \
    >"$work/debootstrap.log" 2>&1 || { tail -30 "$work/debootstrap.log" >&2; die "debootstrap"; }
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log
  tar --numeric-owner -C "$rootfs" -cf "$tarball.$$.tmp" .
  mv "$tarball.$$.tmp" "$tarball"
  rm -rf "$rootfs"
fi
if [ "$(podman image inspect --format '{{index .Labels "makemore4j.ci.rootfs"}}' "$BASE" 2>/dev/null)" != "$key" ]; then
  log "importing $tarball as $BASE"
  podman rmi -f "$BASE" >/dev/null 2>&1 || true
  java_home=/usr/lib/jvm/java-17-openjdk-amd64
  podman import \
    --change "ENV JAVA_HOME=$java_home" \
    --change "ENV PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV LANG=C.UTF-8" \
    --change "LABEL makemore4j.ci.rootfs=$key" \
    --change 'CMD ["/bin/bash"]' \
    "$tarball" "$BASE" >/dev/null
fi
base_java="$(podman run --rm --network=none "$BASE" java -version 2>&1)" || die "java in $BASE: $base_java"
log "base image java: ${base_java%%$'\n'*}"

# --- 3. build the project's image from the Dockerfile as committed -------------------------------
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1 && ! git -C "$root" diff --quiet HEAD -- Dockerfile .dockerignore; then
  log "warning: Dockerfile or .dockerignore differ from the committed ones"
fi
log "podman build (--pull=never, --network=none)"
t0=$SECONDS
podman build --pull=never --network=none --layers=false -t "$IMAGE" -f Dockerfile . || die "podman build"
log "built in $((SECONDS - t0)) s"
podman images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' "$IMAGE"
log "image size: $(podman image inspect --format '{{.Size}}' "$IMAGE") bytes, of which the base $(podman image inspect --format '{{.Size}}' "$BASE") bytes; target/makemore4j.jar $(stat -c %s target/makemore4j.jar) bytes"
user="$(podman image inspect --format '{{.Config.User}}' "$IMAGE")"
case "${user%%:*}" in ''|0|root) die "image runs as root by default (User='$user')";; esac
log "default user: $user"

# --- 4. run it -----------------------------------------------------------------------------------
host="$work/host"
mkdir -p "$host/checkpoints" "$host/config"
chown "$RUN_UID:$RUN_UID" "$host/checkpoints"
run() { podman run --rm --network=none --label "makemore4j-ci=$$" "$@"; }

log "--help as the default user"
run "$IMAGE" --help >"$work/help.txt" || die "--help exited $?"
grep -q 'Usage: makemore4j' "$work/help.txt" || die "--help printed no usage"

log "summary with an edited config mounted over /app/config"
sed 's/^\(  n_hidden:\).*/\1 32/' config/tiny.yaml >"$host/config/tiny.yaml"
run --user "$RUN_UID:$RUN_UID" -v "$host/config:/app/config:ro" "$IMAGE" \
  summary --config config/tiny.yaml >"$work/summary-edited.txt" || die "summary (mounted config) exited $?"
run --user "$RUN_UID:$RUN_UID" "$IMAGE" \
  summary --config config/tiny.yaml >"$work/summary-baked.txt" || die "summary (baked config) exited $?"
cmp -s "$work/summary-edited.txt" "$work/summary-baked.txt" && die "the mounted config was not used"

log "train --config config/tiny.yaml as uid $RUN_UID"
t0=$SECONDS
rc=0
run --user "$RUN_UID:$RUN_UID" -v "$host/checkpoints:/app/checkpoints" "$IMAGE" \
  train --config config/tiny.yaml --run "$RUN_NAME" || rc=$?
[ "$rc" -eq 0 ] || die "train exited $rc"
log "trained in $((SECONDS - t0)) s"
dir="$host/checkpoints/$RUN_NAME"
for f in samples.txt loss.png loss.csv metrics.json; do
  [ -s "$dir/$f" ] || die "$dir/$f is missing on the host"
done
ls "$dir"/step-*.zip >/dev/null 2>&1 || die "no checkpoint zip in $dir"
[ "$(head -c 8 "$dir/loss.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || die "loss.png is not a PNG"
[ "$(stat -c %u "$dir/samples.txt")" = "$RUN_UID" ] || die "run files are not owned by uid $RUN_UID"

log "sample --run $RUN_NAME as uid $RUN_UID"
t0=$SECONDS
rc=0
run --user "$RUN_UID:$RUN_UID" -v "$host/checkpoints:/app/checkpoints" "$IMAGE" \
  sample --run "$RUN_NAME" -n 5 >"$work/sample.txt" || rc=$?
cat "$work/sample.txt"
[ "$rc" -eq 0 ] || die "sample exited $rc"
[ "$(grep -cE '^ *[a-z]+( |$)' "$work/sample.txt")" -ge 5 ] || die "sample printed fewer than 5 items"
log "sampled in $((SECONDS - t0)) s"

log "a non-ASCII argument reaches the JVM intact (the image's UTF-8 locale): --prefix ñ is refused naming U+00F1"
rc=0
run --user "$RUN_UID:$RUN_UID" -v "$host/checkpoints:/app/checkpoints" "$IMAGE" \
  sample --run "$RUN_NAME" --prefix ñ -n 1 >/dev/null 2>"$work/prefix.txt" || rc=$?
cat "$work/prefix.txt"
[ "$rc" -eq 2 ] && grep -q "'ñ' (U+00F1)" "$work/prefix.txt" || die "--prefix ñ was not decoded as UTF-8 (exit $rc)"

log "OK in $((SECONDS - started)) s: image built from the Dockerfile, train + sample ran as uid $RUN_UID, run files on the host"
