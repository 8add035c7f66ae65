#!/usr/bin/env bash
# Creates (or updates) the Kubernetes secrets Growbin needs, in the namespaces that use them, from an env file
# (see secrets.example.env). The namespaces must exist: apply the overlay's namespaces first (k8s/README.md).
#   k8s/secrets/create-secrets.sh k8s/secrets/secrets.env            apply to the current kubectl context
#   DRY_RUN=1 k8s/secrets/create-secrets.sh k8s/secrets/secrets.env  print the Secret manifests instead
# Each secret holds one key named like the secret: that is how the Dapr components (secretKeyRef) and the apps
# (the secretstore component) look them up. The exceptions: dapr-app-token (key `token`, read by the sidecar injector
# for daprd and by each app container's env APP_API_TOKEN) and rabbitmq-admin (username, password).
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
DAPR_APP_TOKEN=${DAPR_APP_TOKEN:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}

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
  secret "$namespace" dapr-app-token "token=$DAPR_APP_TOKEN"
  one "$namespace" redis-password "$REDIS_PASSWORD"
  one "$namespace" rabbitmq-connection "$rabbitmq_connection"
  one "$namespace" s3-access-key "$S3_ACCESS_KEY"
  one "$namespace" s3-secret-key "$S3_SECRET_KEY"
  one "$namespace" openai-api-key "$OPENAI_API_KEY"
done

# growbin-db: auth, userinfo and location in api; task-scheduler (dead letters, AI usage) in workers.
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
