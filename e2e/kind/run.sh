#!/usr/bin/env bash
# The real-cluster end-to-end run: a kind cluster with a local registry, the operator image
# built with jib and pushed there, the Helm chart, examples/hello walked to Ready (a real
# Kaniko build of a real PackageCompiler sysimage), and a check in the session pod that
# Example loads from the sysimage and BenchmarkTools (unpinned) from the workspace depot.
#
# Needs docker, kind, kubectl, helm and Java 17 on PATH (Maven comes from ./mvnw, the Maven
# wrapper), and internet access (Maven Central, the julia and Kaniko images, Julia packages).
# The first sysimage build takes a while; set JULIAPOD_E2E_TIMEOUT (default 60m) on a slow
# machine. The cluster and registry are kept for inspection unless JULIAPOD_E2E_CLEANUP=1.
# Also read:
#   JULIAPOD_E2E_NODE_IMAGE    kind node image (Kubernetes version), default: kind's own
#   JULIAPOD_E2E_BUILD_MEMORY  the build pod's memory "request/limit", e.g. 6Gi/12Gi on a
#                              16 GB CI runner (default: half and three quarters of what
#                              Docker has, at most the operator's 8Gi/16Gi)
#   JULIAPOD_E2E_CACHE_TIMING  1: then e2e/kind/cache-timing.sh, four more sysimage builds
#                              timed with the depot cache off and on (issue 20); KindIT's
#                              90 minutes are not meant for it
#
#   e2e/kind/run.sh
#   JULIAPOD_E2E_KIND=1 ./mvnw -B verify    # the same, as the opt-in KindIT of the e2e module
#   .github/workflows/e2e-kind.yml runs it on GitHub's hosted runners
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CLUSTER=${JULIAPOD_E2E_CLUSTER:-juliapod-e2e}
REGISTRY=kind-registry        # the name examples/*/juliapod.yaml push to: kind-registry:5000
REGISTRY_PORT=5001            # the same registry from this machine: localhost:5001
NAMESPACE=juliapod-e2e
TIMEOUT=${JULIAPOD_E2E_TIMEOUT:-60m}
OPERATOR_IMAGE=localhost:${REGISTRY_PORT}/juliapod-operator:e2e

say() { printf '\n== %s\n' "$*"; }

for tool in docker kind kubectl helm java curl; do
  command -v "$tool" >/dev/null || { echo "e2e/kind: $tool is not on PATH" >&2; exit 2; }
done

say "registry $REGISTRY on localhost:$REGISTRY_PORT"
if [ "$(docker inspect -f '{{.State.Running}}' "$REGISTRY" 2>/dev/null || true)" != true ]; then
  docker run -d --restart=always -p "127.0.0.1:${REGISTRY_PORT}:5000" --network bridge \
    --name "$REGISTRY" registry:2
fi

say "kind cluster $CLUSTER"
if ! kind get clusters | grep -qx "$CLUSTER"; then
  kind create cluster --name "$CLUSTER" --wait 120s \
    ${JULIAPOD_E2E_NODE_IMAGE:+--image "$JULIAPOD_E2E_NODE_IMAGE"} --config=- <<'YAML'
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
containerdConfigPatches:
  - |-
    [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "/etc/containerd/certs.d"
YAML
fi
# Nodes pull from the registry under both names, over plain HTTP: localhost:5001 (what this
# machine pushed) and kind-registry:5000 (what Kaniko pushed from inside the cluster).
for node in $(kind get nodes --name "$CLUSTER"); do
  for host in "localhost:${REGISTRY_PORT}" "${REGISTRY}:5000"; do
    docker exec "$node" mkdir -p "/etc/containerd/certs.d/${host}"
    printf '[host."http://%s:5000"]\n' "$REGISTRY" \
      | docker exec -i "$node" cp /dev/stdin "/etc/containerd/certs.d/${host}/hosts.toml"
  done
done
if [ "$(docker inspect -f '{{json .NetworkSettings.Networks.kind}}' "$REGISTRY")" = null ]; then
  docker network connect kind "$REGISTRY"
fi
kubectl config use-context "kind-${CLUSTER}" >/dev/null

say "operator image $OPERATOR_IMAGE"
"$ROOT/mvnw" -B ${CI:+-ntp} ${CI:--q} -f "$ROOT/pom.xml" -pl operator -am -Pimage package -DskipTests \
  -Djib.goal=dockerBuild -Dimage="$OPERATOR_IMAGE"
docker push "$OPERATOR_IMAGE"

# Builds ask for what this Docker can schedule: half its memory (at most the operator's 8Gi)
# and use up to three quarters (at most 16Gi). Nobody has measured examples/hello's build
# here yet; upstream reports put small environments at a few GiB, so a Docker VM under
# about 8 GB may see the build end OOMKilled, which the JuliaPod's status then says.
docker_mib=$(( $(docker info --format '{{.MemTotal}}') / 1048576 ))
build_memory=$(( docker_mib / 2 < 8192 ? docker_mib / 2 : 8192 ))Mi
build_limit=$(( docker_mib * 3 / 4 < 16384 ? docker_mib * 3 / 4 : 16384 ))Mi
# CPU: what the node has left after the control plane, CoreDNS, kindnet and the operator
# (about 1.2 CPUs of requests), between 500m and 2.
cpu_left=$(( $(docker info --format '{{.NCPU}}') * 1000 - 1200 ))
build_cpu=$(( cpu_left < 500 ? 500 : cpu_left > 2000 ? 2000 : cpu_left ))m
echo "Docker has ${docker_mib} MiB and $(docker info --format '{{.NCPU}}') CPUs: builds request" \
  "${build_cpu} CPU and ${build_memory}, limit ${build_limit}" \
  "(JULIAPOD_E2E_BUILD_MEMORY=request/limit overrides the memory)"

say "Helm chart"
helm upgrade --install juliapod-operator "$ROOT/charts/juliapod-operator" \
  --namespace juliapod-system --create-namespace \
  --set image.repository="localhost:${REGISTRY_PORT}/juliapod-operator" \
  --set image.tag=e2e --set image.pullPolicy=Always \
  --set "defaults.insecureRegistries={${REGISTRY}:5000}" \
  --set defaults.build.cpu="$build_cpu" --set defaults.build.memory="$build_memory" \
  --set defaults.build.memoryLimit="$build_limit" \
  --set defaults.session.memory=1Gi --set defaults.session.memoryLimit=4Gi \
  --wait --timeout 5m

say "examples/hello in namespace $NAMESPACE (waiting up to $TIMEOUT for the build)"
kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -
# Builds run in the operator's namespace (the chart's central builds), so the user namespace
# can enforce Pod Security's restricted level: only the session pod runs there.
kubectl label namespace "$NAMESPACE" pod-security.kubernetes.io/enforce=restricted --overwrite
hello=$(mktemp)
if [ -n "${JULIAPOD_E2E_BUILD_MEMORY:-}" ]; then
  kubectl patch --local -o yaml --type merge -f "$ROOT/examples/hello/juliapod.yaml" -p \
    "{\"spec\":{\"build\":{\"resources\":{\"requests\":{\"cpu\":\"${build_cpu}\",\"memory\":\"${JULIAPOD_E2E_BUILD_MEMORY%/*}\"},\"limits\":{\"memory\":\"${JULIAPOD_E2E_BUILD_MEMORY#*/}\"}}}}}" \
    > "$hello"
else
  cp "$ROOT/examples/hello/juliapod.yaml" "$hello"
fi
kubectl apply -n "$NAMESPACE" -f "$hello"
started=$(date +%s)

failed() {
  kubectl get -n "$NAMESPACE" juliapod/hello -o yaml || true
  kubectl get -n "$NAMESPACE" events --sort-by=.lastTimestamp || true
  kubectl describe -n "$NAMESPACE" pods || true
  sysimage=$(kubectl get -n "$NAMESPACE" juliapod/hello -o jsonpath='{.status.sysimage}')
  # The chart builds centrally, in the release namespace the status names.
  builds=$(kubectl get -n "$NAMESPACE" juliapod/hello -o jsonpath='{.status.sysimageNamespace}')
  [ -n "$sysimage" ] && kubectl logs -n "${builds:-$NAMESPACE}" "job/${sysimage}-build" --tail=80 || true
  kubectl logs -n "$NAMESPACE" hello-repl -c prepare --tail=80 || true
  kubectl logs -n juliapod-system deploy/juliapod-operator --tail=100 || true
  echo "e2e/kind: $*" >&2
  exit 1
}

# Ready, or Stalled (a failed build, bad input): kubectl wait would sit out the whole timeout
# on a JuliaPod that has already failed.
case "$TIMEOUT" in
  *h) limit=$(( ${TIMEOUT%h} * 3600 )) ;;
  *m) limit=$(( ${TIMEOUT%m} * 60 )) ;;
  *) limit=${TIMEOUT%s} ;;
esac
deadline=$(( started + limit ))
phase=
while :; do
  ready=$(kubectl get -n "$NAMESPACE" juliapod/hello \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null || true)
  stalled=$(kubectl get -n "$NAMESPACE" juliapod/hello \
    -o jsonpath='{.status.conditions[?(@.type=="Stalled")].status}' 2>/dev/null || true)
  now=$(kubectl get -n "$NAMESPACE" juliapod/hello -o jsonpath='{.status.phase}' 2>/dev/null \
    || true)
  [ "$now" != "$phase" ] && { phase=$now; echo "$(( $(date +%s) - started ))s: ${phase:-?}"; }
  [ "$ready" = True ] && break
  [ "$stalled" = True ] && failed "hello stalled ($phase)"
  [ "$(date +%s)" -lt "$deadline" ] || failed "hello is not Ready after $TIMEOUT"
  sleep 10
done
echo "hello Ready after $(( $(date +%s) - started ))s (build and session start)"
kubectl get -n "$NAMESPACE" juliapod/hello
sysimage=$(kubectl get -n "$NAMESPACE" juliapod/hello -o jsonpath='{.status.sysimage}')
# The chart builds in its own namespace (builds.central).
builds=$(kubectl get -n "$NAMESPACE" juliapod/hello -o jsonpath='{.status.sysimageNamespace}')
kubectl get -n "${builds:-$NAMESPACE}" "pod" -l "juliapod.dev/sysimage=$sysimage" \
  -o jsonpath='{range .items[*].status.containerStatuses[*]}build: {.state.terminated.startedAt} to {.state.terminated.finishedAt}{"\n"}{end}' \
  || true

# Before anything loads them here: prepare compiled the unpinned packages with the REPL's
# sysimage and flags, the image brought REPL and Pkg compiled for its sysimage, and the
# session has a registry of its own in its writable depot (the image ships none).
say "compiled once, for the REPL; the session's own registry"
out=$(kubectl exec -n "$NAMESPACE" hello-repl -c julia -- \
  julia --sysimage=/opt/juliapod/sysimage.so --project=/workspace/project -e \
  'for name in ("BenchmarkTools", "REPL", "Pkg")
       id = Base.identify_package(name)
       println(name, " ", Base.in_sysimage(id) || Base.isprecompiled(id))
   end
   println("registry ", !isempty(readdir("/workspace/depot/registries")))
   println("image-registry ", isdir("/opt/juliapod/depot/registries"))') \
  || failed "julia in the session failed"
echo "$out"
[ "$out" = "$(printf 'BenchmarkTools true\nREPL true\nPkg true\nregistry true\nimage-registry false')" ] \
  || failed "something the REPL loads is not compiled for it, or the registries are not as planned"

say "Example loads from the sysimage, BenchmarkTools from the workspace"
out=$(kubectl exec -n "$NAMESPACE" hello-repl -c julia -- \
  julia --sysimage=/opt/juliapod/sysimage.so --project=/workspace/project -e \
  'using Example, BenchmarkTools
   println(pathof(Example)); println(Base.in_sysimage(Base.PkgId(Example)))
   println(pathof(BenchmarkTools))') || failed "julia in the session failed"
echo "$out"
case "$(sed -n 1p <<<"$out")" in
  /opt/juliapod/depot/packages/Example/*) ;;
  *) failed "Example was not loaded from the image's depot" ;;
esac
[ "$(sed -n 2p <<<"$out")" = true ] || failed "Example is not in the sysimage"
case "$(sed -n 3p <<<"$out")" in
  /workspace/depot/packages/BenchmarkTools/*) ;;
  *) failed "BenchmarkTools was not loaded from the workspace depot" ;;
esac
say "image layers"
image=$(kubectl get -n "$NAMESPACE" juliapod/hello -o jsonpath='{.status.image}')
curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json' \
  "http://localhost:${REGISTRY_PORT}/v2/juliapod/manifests/${image##*@}" \
  | grep -o '"size":[0-9]*' || true

# Idle culling, where activity.jl and its listener run in a real Julia (issue 21).
NAMESPACE="$NAMESPACE" "$ROOT/e2e/kind/idle.sh"
# Distributed.jl workers: scaled up, joined from the session, scaled down (issue 22).
NAMESPACE="$NAMESPACE" "$ROOT/e2e/kind/workers.sh"

# Opt-in, after everything above has passed: the timing needs a cluster that builds, and it
# takes as long as four more builds. It gets this run's CPU request for the builds it patches.
if [ "${JULIAPOD_E2E_CACHE_TIMING:-0}" = 1 ]; then
  JULIAPOD_E2E_BUILD_CPU="$build_cpu" "$ROOT/e2e/kind/cache-timing.sh"
fi

if [ "${JULIAPOD_E2E_CLEANUP:-0}" = 1 ]; then
  say "cleanup"
  kind delete cluster --name "$CLUSTER"
  docker rm -f "$REGISTRY"
fi
say "e2e/kind: passed"
