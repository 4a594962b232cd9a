#!/usr/bin/env bash
# Idle culling on a real cluster (issue 21), run by e2e/kind/run.sh after hello is Ready: the only
# place activity.jl and activity-server.jl run in a real Julia. A second JuliaPod on hello's
# project (so its sysimage, no new build) with idleTimeout 90s:
#   1. the operator can ask the listener (Activity=True),
#   2. an evaluation typed at the REPL that runs past the timeout keeps the session,
#   3. once it returns and the timeout passes, the pod is culled: phase Idle, the workspace
#      claim kept, metadata.generation unchanged,
#   4. `juliapod start` brings it back, with the REPL history (the typed line) in the workspace.
# Prints the activity sidecar's memory (cgroup memory.current), for BENCHMARKS.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NS=${NAMESPACE:-juliapod-e2e}
NAME=hello-idle
say() { printf '\n== %s\n' "$*"; }
failed() {
  kubectl get -n "$NS" "juliapod/$NAME" -o yaml || true
  kubectl get -n "$NS" events --sort-by=.lastTimestamp | tail -30 || true
  kubectl logs -n "$NS" "$NAME-repl" -c activity --tail=40 || true
  kubectl logs -n juliapod-system deploy/juliapod-operator --tail=60 || true
  echo "e2e/kind/idle.sh: $*" >&2
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
phase_is() { [ "$(field '{.status.phase}')" = "$1" ]; }
activity_is() { [ "$(field '{.status.conditions[?(@.type=="Activity")].status}')" = "$1" ]; }

say "idle culling: $NAME with idleTimeout 90s"
kubectl patch --local -o yaml --type merge -f "$ROOT/examples/hello/juliapod.yaml" \
  -p "{\"metadata\":{\"name\":\"$NAME\"},\"spec\":{\"session\":{\"idleTimeout\":\"90s\"}}}" \
  | kubectl apply -n "$NS" -f -
wait_for 900 "$NAME Ready" phase_is Ready
wait_for 180 "the operator hears from the activity listener" activity_is True
generation=$(field '{.metadata.generation}')
memory=$(kubectl exec -n "$NS" "$NAME-repl" -c activity -- cat /sys/fs/cgroup/memory.current \
  2>/dev/null || echo unknown)
echo "activity sidecar memory.current: $memory bytes"
[ -n "${GITHUB_STEP_SUMMARY:-}" ] \
  && echo "activity sidecar memory.current: $memory bytes" >> "$GITHUB_STEP_SUMMARY"

say "an evaluation that outlasts the timeout keeps the session"
# Typed at the REPL through attach (the container has a TTY): the REPL, not an exec'd Julia.
{ sleep 5; printf 'sleep(150); println("slept")\n'; sleep 5; } \
  | kubectl attach -i -n "$NS" "$NAME-repl" -c julia >/dev/null 2>&1 || true
# The REPL writes each input to the history at once: fail here if the line never reached it.
kubectl exec -n "$NS" "$NAME-repl" -c julia -- grep -q 'sleep(150)' /workspace/repl_history.jl \
  || failed "the line typed through kubectl attach did not reach the REPL"
sleep 110
phase_is Ready || failed "culled while evaluating ($(field '{.status.phase}'))"
echo "still Ready 120s into a 150s evaluation"

say "idle past the timeout once it returns: culled"
wait_for 300 "$NAME Idle" phase_is Idle
wait_for 60 "the session pod gone" \
  bash -c "! kubectl get -n '$NS' pod '$NAME-repl' >/dev/null 2>&1"
kubectl get -n "$NS" "pvc/$NAME-workspace" >/dev/null || failed "the workspace claim went"
[ "$(field '{.metadata.generation}')" = "$generation" ] || failed "culling changed the spec"
kubectl get -n "$NS" "juliapod/$NAME"

say "juliapod start resumes it, with the workspace as it was"
"$ROOT/bin/juliapod" start "$NAME" -n "$NS"
wait_for 600 "$NAME Ready again" phase_is Ready
[ "$(field '{.metadata.generation}')" = "$generation" ] || failed "resuming changed the spec"
kubectl exec -n "$NS" "$NAME-repl" -c julia -- grep -q 'sleep(150)' /workspace/repl_history.jl \
  || failed "the REPL history typed before the cull is not in the workspace"
kubectl delete -n "$NS" "juliapod/$NAME" --wait=false
say "idle culling: passed"
