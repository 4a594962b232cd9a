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

{{/* The operator's permissions; RbacTest checks them against a recorded operator run. */}}
{{- define "juliapod.rules" -}}
- apiGroups: ["juliapod.dev"]
  resources: ["juliapods"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["juliapod.dev"]
  resources: ["juliapods/status", "juliasysimages/status"]
  verbs: ["update"]
# What the operator creates is owned with blockOwnerDeletion, which clusters running the
# OwnerReferencesPermissionEnforcement admission plugin (OpenShift, hardened clusters) allow
# only to whoever may update the owner's finalizers.
- apiGroups: ["juliapod.dev"]
  resources: ["juliapods/finalizers", "juliasysimages/finalizers"]
  verbs: ["update"]
- apiGroups: ["juliapod.dev"]
  resources: ["juliasysimages"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "create", "delete"]
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get", "list", "watch", "create", "delete"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "list"]
{{- end -}}
