{{- define "berth.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "berth.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "berth.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "berth.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "berth.selectorLabels" -}}
app.kubernetes.io/name: {{ include "berth.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Filesystem mode: blobs on a PVC. */}}
{{- define "berth.filesystem" -}}
{{- if eq .Values.berth.storage.type "filesystem" }}true{{ end }}
{{- end }}

{{/* Replicas can share state only with blobs in S3 and metadata in PostgreSQL. */}}
{{- define "berth.shareable" -}}
{{- if and (eq .Values.berth.storage.type "s3") .Values.database.url }}true{{ end }}
{{- end }}

{{- define "berth.replicas" -}}
{{- if include "berth.shareable" . }}{{ .Values.replicaCount }}{{ else }}1{{ end }}
{{- end }}

{{- define "berth.secretName" -}}
{{- default (include "berth.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{- define "berth.claimName" -}}
{{- default (printf "%s-data" (include "berth.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{/* The container port's name and scheme: https when Berth serves TLS itself (tls.existingSecret). */}}
{{- define "berth.portName" -}}
{{- if .Values.tls.existingSecret }}https{{ else }}http{{ end }}
{{- end }}
