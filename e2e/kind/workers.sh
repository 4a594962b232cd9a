#!/usr/bin/env bash
# Distributed.jl workers on a real cluster (issue 22), run by e2e/kind/run.sh after hello is
# Ready: the only place worker.sh, worker.jl and JuliaPodWorkers.jl run in a real Julia, and
# where kindnet enforces the NetworkPolicy. On hello:
#   1. `kubectl scale` (the CRD's scale subresource) to 2: both worker pods Ready, "2/2",
#   2. the cluster cookie is nowhere but its Secret and the two mounts,
#   3. a master in the session pod adds them: Example from the sysimage, pmap, a
#      worker-to-worker call, an unpinned package from each worker's own depot,
#   4. once that master exits, each worker starts a fresh process and is Ready again,
#   5. a pod that is not the session cannot reach a worker's port,
#   6. scaled to 0: pods, Service and NetworkPolicy gone, the same REPL pod throughout.
# Prints the time from scale to Ready, per pod, for BENCHMARKS.md.
set -euo pipefail
NS=${NAMESPACE:-juliapod-e2e}
NAME=hello
WORKERS="app.kubernetes.io/name=juliapod,app.kubernetes.io/component=worker,juliapod.dev/juliapod=$NAME"
say() { printf '\n== %s\n' "$*"; }
failed() {
  kubectl get -n "$NS" "juliapod/$NAME" -o yaml || true
  kubectl get -n "$NS" pods -l "$WORKERS" -o wide || true
  kubectl get -n "$NS" events --sort-by=.lastTimestamp | tail -30 || true
  kubectl logs -n "$NS" -l "$WORKERS" --tail=40 --all-containers --prefix || true
  kubectl logs -n juliapod-system deploy/juliapod-operator --tail=60 || true
  echo "e2e/kind/workers.sh: $*" >&2
  exit 1
}
field() { kubectl get -n "$NS" "juliapod/$NAME" -o jsonpath="$1" 2>/dev/null || true; }
# wait_for SECONDS DESCRIPTION COMMAND...: until COMMAND succeeds
wait_for() {
  local limit=$1 what=$2 start
  shift 2
  start=$(date +%s)
  until "$@"; do
    [ $(( $(date +%s) - start )) -lt "$limit" ] || failed "$what not within ${limit}s"
    sleep 5
  done
  echo "$what after $(( $(date +%s) - start ))s"
}
condition() { field "{.status.conditions[?(@.type==\"WorkersReady\")].$1}"; }
# Ready workers; a worker that will not get better ends the wait instead of sitting out 15 min.
ready_is() {
  case "$(condition reason)" in
    ImagePullFailed | StartFailed | OOMKilled | CrashLoop)
      failed "WorkersReady $(condition reason): $(condition message)" ;;
  esac
  [ "$(field '{.status.workers.readyReplicas}')" = "$1" ]
}
pods_ready() {
  [ "$(kubectl get -n "$NS" pods -l "$WORKERS" \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{" "}{end}')" \
    = "True True " ]
}
listening_again() { ready_is 2 && [ "$(field '{.status.workers.inUse}')" = 0 ] && pods_ready; }
no_workers() {
  [ -z "$(kubectl get -n "$NS" pods -l "$WORKERS" -o name)" ] \
    && ! kubectl get -n "$NS" "service/$NAME-workers" >/dev/null 2>&1 \
    && ! kubectl get -n "$NS" "networkpolicy/$NAME-workers" >/dev/null 2>&1 \
    && [ -z "$(field '{.status.workers}')" ]
}
repl() {
  kubectl get -n "$NS" "pod/$NAME-repl" \
    -o jsonpath='{.metadata.uid} {.status.containerStatuses[?(@.name=="julia")].restartCount}'
}

repl_before=$(repl) || failed "no session pod $NAME-repl"
[ -z "$(kubectl get -n "$NS" pods -l "$WORKERS" -o name)" ] || failed "workers before scaling"

say "kubectl scale to 2 workers (each installs and precompiles the project in its own workspace)"
started=$(date +%s)
kubectl scale -n "$NS" "juliapod/$NAME" --replicas=2
wait_for 900 "both workers Ready" ready_is 2
timing="workers ready after $(( $(date +%s) - started ))s (scale to both Ready: registry, instantiate, precompile per pod)"
pods=$(kubectl get -n "$NS" pods -l "$WORKERS" \
  -o jsonpath='{range .items[*]}{.metadata.name}: created {.metadata.creationTimestamp}, prepare {.status.initContainerStatuses[?(@.name=="prepare")].state.terminated.startedAt} to {.status.initContainerStatuses[?(@.name=="prepare")].state.terminated.finishedAt}, Ready {.status.conditions[?(@.type=="Ready")].lastTransitionTime}{"\n"}{end}')
printf '%s\n%s\n' "$timing" "$pods"
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && printf '%s\n%s\n' "$timing" "$pods" >> "$GITHUB_STEP_SUMMARY"
table=$(kubectl get -n "$NS" jp "$NAME")
echo "$table"
# By header, not position: a column added before it must not break the check.
[ "$(awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "WORKERS") c = i } NR == 2 { print $c }' \
  <<<"$table")" = 2/2 ] || failed "kubectl get jp does not show Workers 2/2"
[ "$(condition status)" = True ] || failed "WorkersReady is not True with both workers Ready"

say "the cluster cookie stays in its Secret"
cookie=$(kubectl get -n "$NS" "secret/$NAME-cluster-cookie" -o jsonpath='{.data.cookie}' | base64 -d) \
  || failed "cannot read the Secret $NAME-cluster-cookie"
[[ "$cookie" =~ ^[[:alnum:]]{16}$ ]] || failed "the Secret's cookie is not 16 ASCII characters"
# no_leak WHAT COMMAND...: COMMAND's output must not hold the cookie. Matched from a file
# descriptor, not an argument, so the value is not on this machine's process list either.
no_leak() {
  local what=$1 text
  shift
  text=$("$@") || failed "could not read $what"
  ! grep -qFf <(printf '%s\n' "$cookie") <<<"$text" || failed "the cluster cookie is in $what"
  echo "not in $what"
}
objects() { kubectl get -n "$NS" pods,configmaps,services,networkpolicies,events,juliapods -o yaml; }
worker_logs() { kubectl logs -n "$NS" -l "$WORKERS" --all-containers --tail=-1; }
# worker.jl reads it from the mount so that it is not on a command line: look at them all.
cmdlines() {
  kubectl exec -n "$NS" "$NAME-worker-0" -c julia -- sh -c 'cat /proc/[0-9]*/cmdline 2>/dev/null; true' \
    | tr '\0' '\n'
}
no_leak "the namespace's objects" objects
no_leak "the operator's log" kubectl logs -n juliapod-system deploy/juliapod-operator --tail=-1
no_leak "the workers' logs" worker_logs
no_leak "a worker's process command lines" cmdlines

say "a master in the session adds the workers"
master=$(cat <<'JULIA'
using JuliaPodWorkers, Distributed
t0 = time()
ps = addworkers(timeout = 300)
println("added ", length(ps), " workers in ", round(time() - t0; digits = 1), " s")
length(ps) == 2 || error("addworkers() added $ps, not two workers")
# A joined worker leaves the Service's DNS, so that no other session joins it too.
t0 = time()
while !isempty(readyworkers()) && time() - t0 < 60
    sleep(1)
end
println("left dns ", isempty(readyworkers()))
@everywhere using Example
println("sysimage ", all(p -> remotecall_fetch(() -> Base.in_sysimage(Base.PkgId(Example)), p), ps))
r = pmap(i -> (myid(), Example.hello(string(i))), 1:8)
last.(r) == ["Hello, $i" for i in 1:8] || error("pmap returned $r")
issubset(first.(r), ps) || error("pmap ran on $(unique(first.(r)))")
println("pmap ok")
# The higher pid dials the lower: only the NetworkPolicy's rule for siblings lets it in.
peer = remotecall_fetch(q -> remotecall_fetch(myid, q), ps[1], ps[2])
peer == ps[2] || error("worker $(ps[1]) reached $peer, not $(ps[2])")
println("peer ok")
@everywhere using BenchmarkTools
println("benchmarktools ", remotecall_fetch(() -> pathof(BenchmarkTools), ps[2]))
println("workers ok")
JULIA
)
started=$(date +%s)
out=$(kubectl exec -n "$NS" "$NAME-repl" -c julia -- julia --sysimage=/opt/juliapod/sysimage.so \
  --project=/workspace/project -e "$master") || { echo "$out"; failed "the master in the session failed"; }
echo "$out"
echo "master session: $(( $(date +%s) - started ))s"
grep -qx 'left dns true' <<<"$out" || failed "workers a session joined are still in the Service's DNS"
grep -qx 'sysimage true' <<<"$out" || failed "Example is not in the sysimage on every worker"
grep -qx 'pmap ok' <<<"$out" || failed "pmap over the workers failed"
grep -qx 'peer ok' <<<"$out" || failed "a worker could not reach its sibling"
case "$(sed -n 's/^benchmarktools //p' <<<"$out")" in
  /workspace/depot/packages/BenchmarkTools/*) ;;
  *) failed "BenchmarkTools on a worker was not loaded from the worker's own depot" ;;
esac
[ "$(tail -n 1 <<<"$out")" = "workers ok" ] || failed "the master did not finish"
no_leak "the workers' logs after a session" worker_logs

say "the master gone, each worker starts a fresh process"
wait_for 120 "both workers Ready again, none in use" listening_again
for i in 0 1; do
  log=$(kubectl logs -n "$NS" "$NAME-worker-$i" -c julia)
  grep -q 'the session left this worker' <<<"$log" || failed "$NAME-worker-$i did not restart its worker"
done
[ "$(kubectl get -n "$NS" pods -l "$WORKERS" \
  -o jsonpath='{range .items[*]}{.status.containerStatuses[?(@.name=="julia")].restartCount}{" "}{end}')" \
  = "0 0 " ] || failed "a worker container restarted: worker.sh should have kept it"

# After the restart, so that the port listens: "closed" is then the policy, not a worker between
# processes. The session's side needs no probe: addworkers() above went through.
say "NetworkPolicy: a pod that is not the session cannot reach a worker"
ip=$(kubectl get -n "$NS" "pod/$NAME-worker-0" -o jsonpath='{.status.podIP}')
dns=kube-dns.kube-system.svc.cluster.local
kubectl delete -n "$NS" pod np-probe --ignore-not-found >/dev/null
# The namespace enforces Pod Security's restricted level.
overrides='{"spec":{"securityContext":{"runAsNonRoot":true,"runAsUser":65534,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[{"name":"np-probe","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}}'
probe=$(kubectl run -n "$NS" np-probe --rm -i --quiet --restart=Never --image=busybox:1.36 \
  --pod-running-timeout=3m --override-type=strategic --overrides="$overrides" \
  -- sh -c "nc -z -w 5 $dns 53 && echo dns open; nc -z -w 5 $ip 9009 && echo open || echo closed" \
  2>&1) || true
kubectl delete -n "$NS" pod np-probe --ignore-not-found --wait=false >/dev/null || true
# CoreDNS's TCP port first: a probe that reaches nothing (no nc -z, no network) proves nothing.
grep -qx 'dns open' <<<"$probe" || { echo "$probe"
  failed "np-probe did not run or reached nothing (busybox:1.36 not pulled?): the policy is untested"; }
case "$(grep -xE 'open|closed' <<<"$probe" | tail -n 1 || true)" in
  closed) echo "np-probe reaches $dns:53 but not $ip:9009" ;;
  open) failed "the NetworkPolicy let np-probe, not the session, reach $ip:9009" ;;
  *) echo "$probe"; failed "np-probe said neither open nor closed" ;;
esac

say "kubectl scale to 0"
kubectl scale -n "$NS" "juliapod/$NAME" --replicas=0
wait_for 180 "workers, their Service and NetworkPolicy gone" no_workers
kubectl get -n "$NS" "secret/$NAME-cluster-cookie" >/dev/null \
  || failed "the cookie Secret went, but the session pod mounts it"
[ "$(repl)" = "$repl_before" ] || failed "scaling restarted the REPL ($repl_before, now $(repl))"
kubectl get -n "$NS" jp "$NAME"
say "workers: all checks passed"
