#!/usr/bin/env bash
# Issue 20's measurement of the depot cache, on the kind cluster e2e/kind/run.sh made: two
# sysimages whose pinned sets share all but one package (e2e/kind/cache/a pins Example and JSON,
# e2e/kind/cache/b the same and OrderedCollections), built A then B with the depot cache off and
# then A then B with it on, and a table of build times and image sizes.
#
# What to expect:
#   - B with the cache is faster than B without: it restores A's package sources, artifacts and
#     compiled files from the cache and downloads and precompiles only OrderedCollections (the
#     sysimage itself is compiled in full either way, so not all of the build time goes).
#   - A takes about as long with the cache as without: the cache is empty when A starts (this
#     script removes a cache volume an earlier run left), so A only fills it.
#   - Image sizes are about equal: the cache is a volume Kaniko leaves out of its snapshots and
#     the build copies what the image needs out of it (docs/design.md, "Depot cache"), so it
#     must not change what the image holds. Sizes more than SIZE_TOLERANCE percent apart print a line starting with WARNING:.
# One run per round on a shared CI runner is a noisy measurement: read seconds, not percent.
#
# run.sh runs this last when JULIAPOD_E2E_CACHE_TIMING=1 (.github/workflows/e2e-kind.yml does, in
# a job of its own); on a cluster run.sh kept, it can also be run alone. Needs kubectl, helm, curl
# and jq on PATH, and the chart's builds.cache values (issue 20). Reads, as run.sh does:
#   JULIAPOD_E2E_TIMEOUT        how long to wait for each JuliaPod (default 60m)
#   JULIAPOD_E2E_BUILD_MEMORY   the build pods' memory "request/limit", e.g. 6Gi/12Gi; with it,
#   JULIAPOD_E2E_BUILD_CPU      their CPU request (run.sh passes its own; default 2, the
#                               operator's built-in)
# and JULIAPOD_E2E_CACHE_SIZE, the cache volume's size in the second round (default 20Gi).
# The operator is left with the cache on, as the chart installs it (run.sh builds hello with it).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHART=$ROOT/charts/juliapod-operator
RELEASE=juliapod-operator     # run.sh's Helm release, in namespace juliapod-system
SYSTEM=juliapod-system
REGISTRY=kind-registry        # the name Kaniko pushes to from inside the cluster: kind-registry:5000
REGISTRY_PORT=5001            # the same registry from this machine: localhost:5001
NAMESPACE=juliapod-e2e        # run.sh's, where examples/hello runs: Pod Security restricted
TIMEOUT=${JULIAPOD_E2E_TIMEOUT:-60m}
CACHE_SIZE=${JULIAPOD_E2E_CACHE_SIZE:-20Gi}
CACHE_PVC=juliapod-depot-cache
SIZE_TOLERANCE=3              # percent

say() { printf '\n== %s\n' "$*"; }

for tool in kubectl helm curl jq; do
  command -v "$tool" >/dev/null || { echo "e2e/kind: $tool is not on PATH" >&2; exit 2; }
done
# Without issue 20's chart values the helm upgrades below fail on the chart's schema; say why.
if ! helm show values "$CHART" | grep -q '^  cache:'; then
  echo "e2e/kind: the chart has no builds.cache values; there is no depot cache to measure" >&2
  exit 2
fi

case "$TIMEOUT" in
  *h) limit=$(( ${TIMEOUT%h} * 3600 )) ;;
  *m) limit=$(( ${TIMEOUT%m} * 60 )) ;;
  *) limit=${TIMEOUT%s} ;;
esac

# Each run pushes to repositories of its own. The image tag is a content hash of the plan, the
# repository included, so a new repository means a new JuliaSysimage and a real build; and
# Kaniko's layer cache (--cache-repo, <repository>-cache) is per repository too, so both rounds,
# and a second run of this script on a kept cluster, start with it cold.
run=$(date +%s)

# The build namespace: the chart's (central builds), else the JuliaPods' own.
build_namespace=$(kubectl get -n "$SYSTEM" "deploy/$RELEASE" -o \
  jsonpath='{.spec.template.spec.containers[0].env[?(@.name=="JULIAPOD_BUILD_NAMESPACE")].value}')
build_namespace=${build_namespace:-$NAMESPACE}

megabytes() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }

# RFC 3339 (what the API server writes) to seconds since the epoch: GNU date, else BSD date.
epoch() {
  date -u -d "$1" +%s 2>/dev/null || date -u -j -f '%Y-%m-%dT%H:%M:%SZ' "$1" +%s
}

failed() {
  local name=$1; shift
  kubectl get -n "$NAMESPACE" "juliapod/$name" -o yaml || true
  local jsi
  jsi=$(kubectl get -n "$NAMESPACE" "juliapod/$name" -o jsonpath='{.status.sysimage}' || true)
  if [ -n "$jsi" ]; then
    kubectl get -n "$build_namespace" "juliasysimage/$jsi" -o yaml || true
    kubectl logs -n "$build_namespace" "job/${jsi}-build" --tail=80 || true
  fi
  kubectl get -n "$build_namespace" pvc || true
  kubectl get -n "$NAMESPACE" events --sort-by=.lastTimestamp || true
  kubectl logs -n "$SYSTEM" "deploy/$RELEASE" --tail=100 || true
  echo "e2e/kind: $*" >&2
  exit 1
}

# The depot cache on (a size) or off (empty), through the chart as a user would turn it on.
# --reuse-values keeps what run.sh set (the operator image, the registry, build resources); the
# chart's Deployment is Recreate, so no old operator is still reconciling once --wait returns.
depot_cache() {
  helm upgrade "$RELEASE" "$CHART" --namespace "$SYSTEM" --reuse-values \
    --set-string "builds.cache.size=$1" --wait --timeout 5m
  kubectl rollout status -n "$SYSTEM" "deploy/$RELEASE" --timeout 5m
}

# Ready, or Stalled (a failed build, bad input), as run.sh waits for examples/hello.
wait_ready() {
  local name=$1 started phase='' now ready stalled
  started=$(date +%s)
  while :; do
    ready=$(kubectl get -n "$NAMESPACE" "juliapod/$name" \
      -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null || true)
    stalled=$(kubectl get -n "$NAMESPACE" "juliapod/$name" \
      -o jsonpath='{.status.conditions[?(@.type=="Stalled")].status}' 2>/dev/null || true)
    now=$(kubectl get -n "$NAMESPACE" "juliapod/$name" -o jsonpath='{.status.phase}' \
      2>/dev/null || true)
    [ "$now" != "$phase" ] && { phase=$now; echo "$(( $(date +%s) - started ))s: ${phase:-?}"; }
    [ "$ready" = True ] && break
    [ "$stalled" = True ] && failed "$name" "$name stalled ($phase)"
    [ "$(date +%s)" -lt $(( started + limit )) ] || failed "$name" "$name is not Ready after $TIMEOUT"
    sleep 10
  done
  echo "$name Ready after $(( $(date +%s) - started ))s (build and session start)"
}

# The JuliaPod of e2e/kind/cache/$1, pushing to $2, with run.sh's build resources.
apply() {
  local dir=$1 repository=$2 resources='' file
  if [ -n "${JULIAPOD_E2E_BUILD_MEMORY:-}" ]; then
    resources=",\"resources\":{\"requests\":{\"cpu\":\"${JULIAPOD_E2E_BUILD_CPU:-2}\",\"memory\":\"${JULIAPOD_E2E_BUILD_MEMORY%/*}\"},\"limits\":{\"memory\":\"${JULIAPOD_E2E_BUILD_MEMORY#*/}\"}}"
  fi
  file=$(mktemp)
  kubectl patch --local -o yaml --type merge -f "$ROOT/e2e/kind/cache/$dir/juliapod.yaml" -p \
    "{\"spec\":{\"build\":{\"repository\":\"${repository}\"${resources}}}}" > "$file"
  kubectl apply -n "$NAMESPACE" -f "$file"
  rm -f "$file"
}

rows=()
sysimages=()

# One table row for JuliaPod $2 of round $1: the build Job's time from its status (start to
# completion: the Job controller's, so it includes scheduling the pod and, with the cache on,
# binding its volume), the image's size in the registry, and what the DepotCache condition says.
measure() {
  local r=$1 name=$2 jsi job start end retried seconds image path bytes mb message
  jsi=$(kubectl get -n "$NAMESPACE" "juliapod/$name" -o jsonpath='{.status.sysimage}')
  sysimages+=("$jsi")
  job=$(kubectl get -n "$build_namespace" "juliasysimage/$jsi" -o jsonpath='{.status.job}')
  job=job/${job:-${jsi}-build}
  start=$(kubectl get -n "$build_namespace" "$job" -o jsonpath='{.status.startTime}')
  end=$(kubectl get -n "$build_namespace" "$job" -o jsonpath='{.status.completionTime}')
  if [ -z "$start" ] || [ -z "$end" ]; then
    failed "$name" "$job has no start or completion time"
  fi
  seconds=$(( $(epoch "$end") - $(epoch "$start") ))
  retried=$(kubectl get -n "$build_namespace" "$job" -o jsonpath='{.status.failed}')
  if [ "${retried:-0}" -gt 0 ]; then
    echo "WARNING: $job had $retried failed pod(s) before one succeeded: its time includes them"
  fi
  # kind-registry:5000/<repository path>@sha256:...; the layers' sizes as pushed (compressed).
  image=$(kubectl get -n "$build_namespace" "juliasysimage/$jsi" -o jsonpath='{.status.image}')
  path=${image#"${REGISTRY}:5000/"}
  bytes=$(curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
    "http://localhost:${REGISTRY_PORT}/v2/${path%@*}/manifests/${image##*@}" \
    | jq '[.layers[].size] | add')
  mb=$(megabytes "$bytes")
  # Absent before the operator reports on the cache: the table says "-".
  message=$(kubectl get -n "$build_namespace" "juliasysimage/$jsi" \
    -o jsonpath='{.status.conditions[?(@.type=="DepotCache")].message}' 2>/dev/null || true)
  message=${message//$'\n'/ }   # one table row
  printf -v "seconds_${r}_${name//-/_}" %s "$seconds"
  printf -v "bytes_${r}_${name//-/_}" %s "$bytes"
  rows+=("${r}|${name}|${seconds}|${mb}|${message:--}")
  echo "$name: $jsi built in ${seconds}s, $image, ${mb} MB; DepotCache: ${message:--}"
}

# A then B into kind-registry:5000/cache-<round>-<run>, with the cache at size $2 (empty: off);
# then both JuliaPods and their JuliaSysimages go, so the next round starts from the same
# cluster: no session of this round using memory, nothing retained for a JuliaPod applied again.
round() {
  local r=$1 size=$2 repository="${REGISTRY}:5000/cache-$1-${run}" name
  say "round $r: depot cache ${size:-off}, images to $repository"
  depot_cache "$size"
  if [ -z "$size" ]; then
    # Empty when the cache round starts: a volume an earlier run left on a kept cluster goes
    # (no build uses it while the cache is off).
    kubectl delete -n "$build_namespace" "pvc/$CACHE_PVC" --ignore-not-found --wait --timeout 5m
  fi
  sysimages=()
  for name in cache-a cache-b; do
    apply "${name#cache-}" "$repository"
    wait_ready "$name"
    measure "$r" "$name"
  done
  if [ -n "$size" ]; then
    kubectl get -n "$build_namespace" "pvc/$CACHE_PVC" || true
  fi
  kubectl delete -n "$NAMESPACE" juliapod cache-a cache-b --wait --timeout 5m
  kubectl delete -n "$build_namespace" juliasysimage "${sysimages[@]}" --ignore-not-found \
    --wait --timeout 5m
}

round off ""
round on "$CACHE_SIZE"

say "depot cache: build times and image sizes"
table=$(
  printf '%-6s %-8s %8s %9s  %s\n' round sysimage "build s" "image MB" DepotCache
  for row in "${rows[@]}"; do
    IFS='|' read -r r name seconds mb message <<<"$row"
    printf '%-6s %-8s %8s %9s  %s\n' "$r" "$name" "$seconds" "$mb" "$message"
  done
)
echo "$table"
notes=()
for name in cache-a cache-b; do
  off=seconds_off_${name//-/_} on=seconds_on_${name//-/_}
  notes+=("$name: ${!off}s without the cache, ${!on}s with it ($(( ${!on} - ${!off} ))s)")
  off=bytes_off_${name//-/_} on=bytes_on_${name//-/_}
  diff=$(( ${!on} > ${!off} ? ${!on} - ${!off} : ${!off} - ${!on} ))
  if [ $(( diff * 100 )) -gt $(( SIZE_TOLERANCE * ${!off} )) ]; then
    warning="WARNING: $name's image is $(megabytes "${!on}") MB with the cache and"
    warning+=" $(megabytes "${!off}") MB without, more than ${SIZE_TOLERANCE}% apart:"
    notes+=("$warning the cache must not change what the image holds")
  fi
done
printf '%s\n' "${notes[@]}"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### Depot cache: build times and image sizes"
    echo
    echo "Sysimage A pins Example and JSON, B the same and OrderedCollections"
    echo "(e2e/kind/cache); each round builds A then B. Build: the Kaniko Job's start to"
    echo "completion. Image: the layers' sizes in the registry."
    echo
    echo "| round | sysimage | build s | image MB | DepotCache |"
    echo "| --- | --- | ---: | ---: | --- |"
    for row in "${rows[@]}"; do
      IFS='|' read -r r name seconds mb message <<<"$row"
      echo "| $r | $name | $seconds | $mb | ${message//|/\\|} |"
    done
    echo
    printf -- '- %s\n' "${notes[@]}"
  } >> "$GITHUB_STEP_SUMMARY"
fi
