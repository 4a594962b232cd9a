{{- define "juliapod.name" -}}juliapod-operator{{- end -}}

{{- define "juliapod.fullname" -}}
{{- if contains "juliapod-operator" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-juliapod-operator" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "juliapod.labels" -}}
app.kubernetes.io/name: {{ include "juliapod.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "juliapod.selector" -}}
app.kubernetes.io/name: {{ include "juliapod.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Where sysimages are built: empty for each JuliaPod's own namespace. */}}
{{- define "juliapod.buildNamespace" -}}
{{- if .Values.builds.central -}}
{{- .Values.builds.namespace | default .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{/*
What a rule lists for the sessions, the builds or both, each once, as a YAML flow list
(["a", "b"]): (dict "for" <the rules' dict> "sessions" <list> "builds" <list>).
*/}}
{{- define "juliapod.needed" -}}
{{- $all := list -}}
{{- if .for.sessions }}{{ $all = concat $all .sessions }}{{ end -}}
{{- if .for.builds }}{{ $all = concat $all .builds }}{{ end -}}
[{{ range $i, $s := uniq $all }}{{ if $i }}, {{ end }}{{ $s | quote }}{{ end }}]
{{- end -}}

{{/*
The operator's permissions; RbacTest checks them against recorded operator runs, in both modes.
(dict "sessions" true): what it needs where it watches JuliaPods, for them, their session pods,
workspace claims and ConfigMaps, project ConfigMaps and credentials Secrets. (dict "builds" true):
what it needs where sysimages are built, for JuliaSysimages, their build contexts, Jobs, build
pods and logs, the push Secret and the operator's credentials Secret, and with "cache" true the
build depot cache's claim, read and created but never deleted: it outlives the release.
Per-namespace builds need both in every watched namespace, where a rule grants what either needs.
*/}}
{{- define "juliapod.rules" -}}
{{- if .sessions }}
- apiGroups: ["juliapod.dev"]
  resources: ["juliapods"]
  verbs: ["get", "list", "watch"]
{{- end }}
- apiGroups: ["juliapod.dev"]
  resources: {{ include "juliapod.needed" (dict "for" . "sessions" (list "juliapods/status") "builds" (list "juliasysimages/status")) }}
  verbs: ["update"]
# What the operator creates is owned with blockOwnerDeletion, which clusters running the
# OwnerReferencesPermissionEnforcement admission plugin (OpenShift, hardened clusters) allow
# only to whoever may update the owner's finalizers.
- apiGroups: ["juliapod.dev"]
  resources: {{ include "juliapod.needed" (dict "for" . "sessions" (list "juliapods/finalizers") "builds" (list "juliasysimages/finalizers")) }}
  verbs: ["update"]
{{- if .builds }}
- apiGroups: ["juliapod.dev"]
  resources: ["juliasysimages"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "delete"]
{{- end }}
- apiGroups: [""]
  resources: ["pods"]
  verbs: {{ include "juliapod.needed" (dict "for" . "sessions" (list "get" "list" "watch" "create" "delete") "builds" (list "list" "watch")) }}
{{- if .builds }}
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
{{- end }}
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: {{ include "juliapod.needed" (dict "for" . "sessions" (list "get" "list" "watch" "create" "update" "delete") "builds" (list "get" "create" "update" "delete")) }}
{{- $cache := and .builds .cache }}
{{- if or .sessions $cache }}
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: {{ include "juliapod.needed" (dict "for" (dict "sessions" .sessions "builds" $cache) "sessions" (list "get" "list" "watch" "create" "delete") "builds" (list "get" "create")) }}
{{- end }}
# Secrets: read by name (credentials, the push Secret); with sessions, each JuliaPod's
# Distributed.jl cluster cookie is created, and taken over (update) from a deleted JuliaPod of
# the same name. Never listed or watched.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: {{ include "juliapod.needed" (dict "for" . "sessions" (list "get" "create" "update") "builds" (list "get")) }}
{{- if .sessions }}
# Distributed.jl workers: the headless Service whose DNS lists them, and the NetworkPolicy that
# lets only their session reach them.
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
{{- end }}
- apiGroups: [""]
  resources: ["events"]
  verbs: {{ include "juliapod.needed" (dict "for" . "sessions" (list "create") "builds" (list "create" "list")) }}
{{- end -}}

{{/* A map as KEY=VALUE pairs separated by commas, keys sorted. */}}
{{- define "juliapod.pairs" -}}
{{- $pairs := list -}}
{{- range $k := keys . | sortAlpha -}}
{{- $pairs = append $pairs (printf "%s=%s" $k (index $ $k)) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}
