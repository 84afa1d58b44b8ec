{{/* Chart name, or nameOverride. */}}
{{- define "sentiment-streams.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource name prefix: release-chart, or fullnameOverride. */}}
{{- define "sentiment-streams.fullname" -}}
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

{{/* Labels of every resource. */}}
{{- define "sentiment-streams.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "sentiment-streams.podSelectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sentiment-streams
{{- end }}

{{/* Labels that select every pod of the release, scorers and trainer (the Services). */}}
{{- define "sentiment-streams.podSelectorLabels" -}}
app.kubernetes.io/name: {{ include "sentiment-streams.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels that select the pods of one role; arguments: root, component (scorer, trainer). */}}
{{- define "sentiment-streams.componentSelectorLabels" -}}
{{ include "sentiment-streams.podSelectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Labels that select the scorer pods. */}}
{{- define "sentiment-streams.selectorLabels" -}}
{{ include "sentiment-streams.componentSelectorLabels" (dict "root" . "component" "scorer") }}
{{- end }}

{{/* The Kafka Streams application id, which is also the consumer group. */}}
{{- define "sentiment-streams.applicationId" -}}
{{- index .Values.settings "application.id" | default "sentiment-streams" }}
{{- end }}
