{{/* Names and labels, in the usual Helm way. */}}
{{- define "opencirt.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "opencirt.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "opencirt.selectorLabels" -}}
app.kubernetes.io/name: {{ include "opencirt.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "opencirt.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "opencirt.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: opencirt
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "opencirt.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "opencirt.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The image: the digest when set, else the tag, else the chart's appVersion. Never latest. */}}
{{- define "opencirt.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{- printf "%s/%s@%s" .Values.image.registry .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" .Values.image.registry .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "opencirt.publicUrl" -}}
{{- if .Values.publicUrl -}}
{{- .Values.publicUrl | trimSuffix "/" -}}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) (first .Values.ingress.hosts) -}}
{{- else -}}
{{- printf "http://%s.%s.svc:%v" (include "opencirt.fullname" .) .Release.Namespace .Values.service.port -}}
{{- end -}}
{{- end -}}

{{/* Replicas at the quietest: the autoscaler's minimum, or replicaCount. */}}
{{- define "opencirt.minReplicas" -}}
{{- if .Values.autoscaling.enabled -}}{{ .Values.autoscaling.minReplicas }}{{- else -}}{{ .Values.replicaCount }}{{- end -}}
{{- end -}}

{{/* Names of the objects the operators make. */}}
{{- define "opencirt.cnpgName" -}}{{ include "opencirt.fullname" . | trunc 50 | trimSuffix "-" }}-pg{{- end -}}
{{- define "opencirt.eckName" -}}{{ include "opencirt.fullname" . | trunc 50 | trimSuffix "-" }}-es{{- end -}}
{{- define "opencirt.keycloakName" -}}{{ include "opencirt.fullname" . | trunc 50 | trimSuffix "-" }}-kc{{- end -}}
{{- define "opencirt.generatedSecretName" -}}{{ include "opencirt.fullname" . | trunc 55 | trimSuffix "-" }}-keys{{- end -}}

{{/* Where the service's own keys are, and the Keycloak client secrets. */}}
{{- define "opencirt.keysSecret" -}}
{{- default (include "opencirt.generatedSecretName" .) .Values.keys.existingSecret -}}
{{- end -}}
{{- define "opencirt.keycloakSecret" -}}
{{- default (include "opencirt.generatedSecretName" .) .Values.keycloak.existingSecret -}}
{{- end -}}
{{/* Whether the generated Secret holds the Keycloak client secrets. */}}
{{- define "opencirt.generateKeycloakSecrets" -}}
{{- if not .Values.keycloak.existingSecret -}}true{{- end -}}
{{- end -}}

{{- define "opencirt.keycloakUrl" -}}
{{- if .Values.keycloak.operator.enabled -}}
{{- printf "https://%s" .Values.keycloak.operator.hostname -}}
{{- else -}}
{{- .Values.keycloak.external.url | trimSuffix "/" -}}
{{- end -}}
{{- end -}}

{{- define "opencirt.jdbcUrl" -}}
{{- if .Values.postgresql.cnpg.enabled -}}
{{- printf "jdbc:postgresql://%s-rw:5432/%s?sslmode=require" (include "opencirt.cnpgName" .) .Values.postgresql.cnpg.database -}}
{{- else -}}
{{- with .Values.postgresql.external -}}
{{- printf "jdbc:postgresql://%s:%v/%s?sslmode=%s" .host .port .database .sslmode -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The key store (ADR 40): as configured, else the database's name with _keys on the same server. */}}
{{- define "opencirt.keysJdbcUrl" -}}
{{- if .Values.postgresql.keyStoreJdbcUrl -}}
{{- .Values.postgresql.keyStoreJdbcUrl -}}
{{- else if .Values.postgresql.cnpg.enabled -}}
{{- printf "jdbc:postgresql://%s-rw:5432/%s_keys?sslmode=require" (include "opencirt.cnpgName" .) .Values.postgresql.cnpg.database -}}
{{- else -}}
{{- with .Values.postgresql.external -}}
{{- printf "jdbc:postgresql://%s:%v/%s_keys?sslmode=%s" .host .port .database .sslmode -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Readable failures for values the schema cannot judge alone. */}}
{{- define "opencirt.validateValues" -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.hosts) -}}
{{- fail "ingress.enabled needs at least one host in ingress.hosts" -}}
{{- end -}}
{{- if and .Values.ingress.enabled .Values.ingress.tls.enabled (not .Values.ingress.tls.secretName) -}}
{{- fail "ingress.tls.enabled needs ingress.tls.secretName (the Secret cert-manager or you create)" -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail "autoscaling.minReplicas must not be above autoscaling.maxReplicas" -}}
{{- end -}}
{{- if and .Values.keycloak.operator.enabled (not .Values.keycloak.operator.hostname) -}}
{{- fail "keycloak.operator.enabled needs keycloak.operator.hostname (where browsers log in)" -}}
{{- end -}}
{{- if and .Values.keycloak.operator.enabled (not .Values.keycloak.operator.tlsSecret) -}}
{{- fail "keycloak.operator.enabled needs keycloak.operator.tlsSecret (Keycloak serves https only)" -}}
{{- end -}}
{{- if and .Values.keycloak.operator.enabled (or (not .Values.keycloak.operator.db.host) (not .Values.keycloak.operator.db.existingSecret)) -}}
{{- fail "keycloak.operator.enabled needs keycloak.operator.db.host and keycloak.operator.db.existingSecret" -}}
{{- end -}}
{{- if and (not .Values.keycloak.existingSecret) (not (and .Values.keycloak.operator.enabled .Values.keycloak.operator.realmImport)) -}}
{{- fail "keycloak.existingSecret is required unless keycloak.operator.realmImport writes generated client secrets into the realm" -}}
{{- end -}}
{{- if and .Values.image.tag (eq .Values.image.tag "latest") -}}
{{- fail "image.tag must name a version, not latest" -}}
{{- end -}}
{{- end -}}

{{/* Ports of the external Elasticsearch hosts (a JSON list), and of the external Keycloak. */}}
{{- define "opencirt.esPorts" -}}
{{- $ports := list -}}
{{- range .Values.elasticsearch.external.hosts -}}
{{- $parts := splitList ":" . -}}
{{- $ports = append $ports (ternary (last $parts) "9200" (gt (len $parts) 1)) -}}
{{- end -}}
{{- $ports | uniq | toJson -}}
{{- end -}}

{{- define "opencirt.keycloakPort" -}}
{{- $url := urlParse .Values.keycloak.external.url -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- if gt (len $hostPort) 1 -}}{{ last $hostPort }}{{- else if eq $url.scheme "https" -}}443{{- else -}}80{{- end -}}
{{- end -}}
