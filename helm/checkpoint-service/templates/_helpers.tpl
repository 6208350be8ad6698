{{/*
Expand the name of the chart.
*/}}
{{- define "checkpoint-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "checkpoint-service.fullname" -}}
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

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "checkpoint-service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "checkpoint-service.labels" -}}
helm.sh/chart: {{ include "checkpoint-service.chart" . }}
{{ include "checkpoint-service.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "checkpoint-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "checkpoint-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "checkpoint-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "checkpoint-service.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding the collectors' token.
*/}}
{{- define "checkpoint-service.authSecretName" -}}
{{- default (printf "%s-auth" (include "checkpoint-service.fullname" .)) .Values.auth.existingSecret }}
{{- end }}

{{/*
Directory of the checkpoint file: the data volume is mounted there.
*/}}
{{- define "checkpoint-service.dataDir" -}}
{{- dir .Values.checkpoint.file }}
{{- end }}

{{/*
Refuses value combinations that the schema cannot express, with a message that says why.
*/}}
{{- define "checkpoint-service.validateValues" -}}
{{- if and (eq .Values.store.type "file") (gt (int .Values.replicaCount) 1) }}
{{- fail (printf "replicaCount=%v is not supported with store.type=file: every replica would keep its own checkpoint file on its own volume, so collectors would read different positions depending on the pod that answers. Set replicaCount=1, or store.type=jdbc (PostgreSQL) to run several replicas." .Values.replicaCount) }}
{{- end }}
{{- if eq .Values.store.type "jdbc" }}
{{- if not .Values.store.jdbc.url }}
{{- fail "store.type=jdbc needs store.jdbc.url (for example jdbc:postgresql://postgres:5432/checkpoint)." }}
{{- end }}
{{- if not .Values.store.jdbc.existingSecret }}
{{- fail "store.type=jdbc needs store.jdbc.existingSecret: the name of a Secret with the database user name and password (keys store.jdbc.usernameKey and store.jdbc.passwordKey)." }}
{{- end }}
{{- end }}
{{- $phase := int .Values.shutdown.timeoutSeconds }}
{{- $shutdown := add $phase (min $phase (int .Values.shutdown.flushTimeoutSeconds)) }}
{{- if le (int .Values.terminationGracePeriodSeconds) $shutdown }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be longer than the %d seconds a shutdown may take (request drain up to shutdown.timeoutSeconds=%d, then the final flush up to shutdown.flushTimeoutSeconds=%d): Kubernetes would kill the pod before the positions are flushed." (int .Values.terminationGracePeriodSeconds) $shutdown $phase (int .Values.shutdown.flushTimeoutSeconds)) }}
{{- end }}
{{- end }}

{{/*
Pod template shared by the StatefulSet (file store) and the Deployment (jdbc store).
*/}}
{{- define "checkpoint-service.podTemplate" -}}
metadata:
  annotations:
    checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  labels:
    {{- include "checkpoint-service.labels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  serviceAccountName: {{ include "checkpoint-service.serviceAccountName" . }}
  {{- /* Service links would add variables such as <RELEASE>_SERVICE_PORT=tcp://... that Spring's relaxed binding could pick up. */}}
  enableServiceLinks: false
  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
  {{- with .Values.podSecurityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ .Chart.Name }}
      {{- with .Values.securityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      ports:
        - name: http
          containerPort: {{ .Values.containerPort }}
          protocol: TCP
      envFrom:
        - configMapRef:
            name: {{ include "checkpoint-service.fullname" . }}
      {{- if or .Values.auth.enabled (eq .Values.store.type "jdbc") }}
      env:
        {{- if .Values.auth.enabled }}
        - name: CHECKPOINT_SECURITY_TOKENS_0_SECRET
          valueFrom:
            secretKeyRef:
              name: {{ include "checkpoint-service.authSecretName" . }}
              key: {{ .Values.auth.secretKey }}
        {{- end }}
        {{- if eq .Values.store.type "jdbc" }}
        - name: SPRING_DATASOURCE_USERNAME
          valueFrom:
            secretKeyRef:
              name: {{ .Values.store.jdbc.existingSecret }}
              key: {{ .Values.store.jdbc.usernameKey }}
        - name: SPRING_DATASOURCE_PASSWORD
          valueFrom:
            secretKeyRef:
              name: {{ .Values.store.jdbc.existingSecret }}
              key: {{ .Values.store.jdbc.passwordKey }}
        {{- end }}
      {{- end }}
      {{- with .Values.startupProbe }}
      startupProbe:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.livenessProbe }}
      livenessProbe:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.readinessProbe }}
      readinessProbe:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- if eq .Values.store.type "file" }}
        - name: data
          mountPath: {{ include "checkpoint-service.dataDir" . }}
        {{- end }}
        {{- with .Values.volumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    {{- /* Tomcat and the JVM write temporary files; the root filesystem is read-only. */}}
    - name: tmp
      emptyDir: {}
    {{- if and (eq .Values.store.type "file") (not .Values.persistence.enabled) }}
    - name: data
      emptyDir: {}
    {{- end }}
    {{- with .Values.volumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
