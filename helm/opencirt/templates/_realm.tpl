{{/* The production opencirt realm (docs/operations.md, "Keycloak in production"). */}}
{{- define "opencirt.realm" -}}
{{- $publicUrl := include "opencirt.publicUrl" . -}}
realm: opencirt
displayName: OpenCIRT
enabled: true
sslRequired: all
registrationAllowed: false
loginWithEmailAllowed: true
duplicateEmailsAllowed: false
bruteForceProtected: true
accessTokenLifespan: 300
ssoSessionIdleTimeout: 1800
# logins and failed logins, read by the service into the audit trail (docs/audit.md, "Logins")
eventsEnabled: true
eventsExpiration: 2592000
enabledEventTypes:
  - LOGIN
  - LOGIN_ERROR
  - CLIENT_LOGIN
  - CLIENT_LOGIN_ERROR
roles:
  realm:
    - name: analyst
      description: Works the incident queue of the user's national CIRT
    - name: lead
      description: Leads a national CIRT's analysts
    - name: cirt-admin
      description: Administers the settings, feeds, playbooks and keys of the user's national CIRT
    - name: platform-admin
      description: Onboards national CIRTs on the platform; sees no incident content
    - name: partner
      description: A machine client of a partner CIRT or a constituent
    - name: reporter
      description: Public intake
clients:
  - clientId: opencirt-console
    name: OpenCIRT web console
    enabled: true
    publicClient: false
    clientAuthenticatorType: client-secret
    secret: ${OPENCIRT_CONSOLE_SECRET}
    standardFlowEnabled: true
    directAccessGrantsEnabled: false
    serviceAccountsEnabled: false
    redirectUris:
      - {{ printf "%s/console/*" $publicUrl | quote }}
    webOrigins:
      - "+"
    attributes:
      pkce.code.challenge.method: S256
      post.logout.redirect.uris: {{ printf "%s/console/signed-out" $publicUrl | quote }}
    protocol: openid-connect
    protocolMappers:
      {{- include "opencirt.realmMappers" . | nindent 6 }}
  - clientId: opencirt-service
    name: OpenCIRT service (provisions CIRTs through the admin API)
    enabled: true
    publicClient: false
    clientAuthenticatorType: client-secret
    secret: ${OPENCIRT_SERVICE_SECRET}
    standardFlowEnabled: false
    directAccessGrantsEnabled: false
    serviceAccountsEnabled: true
    protocol: openid-connect
users:
  - username: service-account-opencirt-service
    enabled: true
    serviceAccountClientId: opencirt-service
    clientRoles:
      realm-management:
        - manage-users
        - manage-clients
        - view-realm
        - view-users
        - view-clients
        - view-events
        - query-users
        - query-groups
        - query-clients
{{- end -}}

{{- define "opencirt.realmMappers" -}}
- name: opencirt-api audience
  protocol: openid-connect
  protocolMapper: oidc-audience-mapper
  config:
    included.custom.audience: opencirt-api
    access.token.claim: "true"
    id.token.claim: "false"
    introspection.token.claim: "true"
- name: cirt
  protocol: openid-connect
  protocolMapper: oidc-usermodel-attribute-mapper
  config:
    user.attribute: cirt
    claim.name: cirt
    jsonType.label: String
    multivalued: "true"
    aggregate.attrs: "true"
    access.token.claim: "true"
    id.token.claim: "true"
    userinfo.token.claim: "true"
    introspection.token.claim: "true"
{{- end -}}
