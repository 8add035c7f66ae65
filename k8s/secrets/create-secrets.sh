#!/usr/bin/env bash
# Creates (or updates) the Kubernetes secrets Growbin needs, in the namespaces that use them, from an env file
# (see secrets.example.env). The namespaces must exist: apply the overlay's namespaces first (k8s/README.md).
#   k8s/secrets/create-secrets.sh k8s/secrets/secrets.env            apply to the current kubectl context
#   DRY_RUN=1 k8s/secrets/create-secrets.sh k8s/secrets/secrets.env  print the Secret manifests instead
# Each secret holds one key named like the secret: that is how the Dapr components (secretKeyRef) and the apps
# (the secretstore component) look them up. The exceptions: dapr-app-token (key `token`, read by the sidecar injector
# for daprd and by each app container's env APP_API_TOKEN) and rabbitmq-admin (username, password).
# Safe to run again (e.g. to rotate auth's signing keys): an existing dapr-app-token is kept. Needs kubectl, jq, openssl.
set -euo pipefail

env_file=${1:?usage: create-secrets.sh <secrets.env>}
set -a
# shellcheck disable=SC1090
source "$env_file"
set +a

require() {
  for name in "$@"; do
    if [ -z "${!name:-}" ]; then echo "$env_file: $name is empty" >&2; exit 1; fi
  done
}
require POSTGRES_ADMIN_PASSWORD GROWBIN_DB_PASSWORD REDIS_PASSWORD RABBITMQ_USER RABBITMQ_PASSWORD S3_ACCESS_KEY \
  S3_SECRET_KEY KAKAO_REST_API_KEY OPENAI_API_KEY AUTH_SIGNING_KEYS OAUTH_KAKAO_CLIENT_ID OAUTH_KAKAO_CLIENT_SECRET \
  OAUTH_NAVER_CLIENT_ID OAUTH_NAVER_CLIENT_SECRET OAUTH_GOOGLE_CLIENT_ID OAUTH_GOOGLE_CLIENT_SECRET
for tool in jq openssl; do
  command -v "$tool" >/dev/null || { echo "create-secrets.sh needs $tool" >&2; exit 1; }
done

# The key committed in components/secrets.example.json signs tokens for anyone who read the repository. It is known
# by the SHA-256 of its public key (DER), as auth knows it (services/auth/Keys/ExampleSigningKey.cs).
example_signing_key_sha256=d569d08c6b42434c75dcda15bf0e4f4d086dc33a52edd28de457c837b2ec5de8
if ! pems=$(jq -er 'if type == "array" and length > 0 then .[] else error("empty") end
    | .privateKeyPem | if type == "string" then @base64 else error("no privateKeyPem") end' <<<"$AUTH_SIGNING_KEYS" 2>/dev/null); then
  echo "$env_file: AUTH_SIGNING_KEYS must be a JSON array of {kid, privateKeyPem, active} (services/auth/README.md)" >&2
  exit 1
fi
while read -r pem; do
  if ! fingerprint=$(openssl base64 -d -A <<<"$pem" | openssl pkey -pubout -outform DER 2>/dev/null | openssl dgst -sha256); then
    echo "$env_file: a privateKeyPem of AUTH_SIGNING_KEYS is not a private key openssl can read" >&2
    exit 1
  fi
  if [ "${fingerprint##*= }" = "$example_signing_key_sha256" ]; then
    echo "$env_file: AUTH_SIGNING_KEYS holds the example key of components/secrets.example.json; generate your own" \
      "(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)" >&2
    exit 1
  fi
done <<<"$pems"

# dapr-app-token: what a namespace has is kept, unless DAPR_APP_TOKEN is given. daprd got the token when its pod was
# created, while an app container reads it again whenever it restarts: a new value would make a restarted app refuse
# its own sidecar until the pod is replaced. Read before anything is applied; an unreadable secret stops the run.
new_app_token=$(openssl rand -hex 32)
for namespace in api workers; do
  if [ -n "${DAPR_APP_TOKEN:-}" ]; then
    token=$DAPR_APP_TOKEN
  elif encoded=$(kubectl get secret dapr-app-token -n "$namespace" --ignore-not-found -o 'jsonpath={.data.token}'); then
    token=$(printf '%s' "$encoded" | openssl base64 -d -A)
    token=${token:-$new_app_token}
  elif [ "${DRY_RUN:-}" = 1 ]; then
    echo "could not read $namespace/dapr-app-token; printing a new token" >&2
    token=$new_app_token
  else
    echo "could not read $namespace/dapr-app-token; not replacing it with a new one (check kubectl's access)" >&2
    exit 1
  fi
  printf -v "app_token_$namespace" '%s' "$token"
done

db_host=postgres.data.svc.cluster.local
# bindings.postgresql (pgx) and the migrator (Npgsql) spell the same connection differently.
growbin_db_connection="host=$db_host port=5432 user=growbin password=$GROWBIN_DB_PASSWORD dbname=growbin sslmode=disable"
migrator_connection="Host=$db_host;Port=5432;Database=growbin;Username=growbin;Password=$GROWBIN_DB_PASSWORD"
rabbitmq_connection="amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@rabbitmq.messaging.svc.cluster.local:5672"

# secret <namespace> <name> <key>=<value>...
secret() {
  local namespace=$1 name=$2
  shift 2
  local literals=()
  for pair in "$@"; do literals+=("--from-literal=$pair"); done
  if [ "${DRY_RUN:-}" = 1 ]; then
    kubectl create secret generic "$name" -n "$namespace" "${literals[@]}" --dry-run=client -o yaml
    echo ---
  else
    kubectl create secret generic "$name" -n "$namespace" "${literals[@]}" --dry-run=client -o yaml | kubectl apply -f -
  fi
}
# one <namespace> <name> <value>: a secret whose single key is its name.
one() { secret "$1" "$2" "$2=$3"; }

one data postgres-admin-password "$POSTGRES_ADMIN_PASSWORD"
one data growbin-db-password "$GROWBIN_DB_PASSWORD"
one data growbin-db-migrator-connection "$migrator_connection"
one data redis-password "$REDIS_PASSWORD"
secret messaging rabbitmq-admin "username=$RABBITMQ_USER" "password=$RABBITMQ_PASSWORD"

for namespace in api workers; do
  app_token_var="app_token_$namespace"
  secret "$namespace" dapr-app-token "token=${!app_token_var}"
  one "$namespace" redis-password "$REDIS_PASSWORD"
  one "$namespace" rabbitmq-connection "$rabbitmq_connection"
  one "$namespace" s3-access-key "$S3_ACCESS_KEY"
  one "$namespace" s3-secret-key "$S3_SECRET_KEY"
  one "$namespace" openai-api-key "$OPENAI_API_KEY"
done

# growbin-db: auth, userinfo, location and recycle-info in api; task-scheduler (dead letters, AI usage) in workers.
one api growbin-db-connection "$growbin_db_connection"
one workers growbin-db-connection "$growbin_db_connection"
one api kakao-local-authorization "KakaoAK $KAKAO_REST_API_KEY"
one api auth-signing-keys "$AUTH_SIGNING_KEYS"
one api oauth-kakao-client-id "$OAUTH_KAKAO_CLIENT_ID"
one api oauth-kakao-client-secret "$OAUTH_KAKAO_CLIENT_SECRET"
one api oauth-naver-client-id "$OAUTH_NAVER_CLIENT_ID"
one api oauth-naver-client-secret "$OAUTH_NAVER_CLIENT_SECRET"
one api oauth-google-client-id "$OAUTH_GOOGLE_CLIENT_ID"
one api oauth-google-client-secret "$OAUTH_GOOGLE_CLIENT_SECRET"
