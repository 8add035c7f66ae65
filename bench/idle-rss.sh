#!/usr/bin/env bash
# Idle memory of each Growbin app: start its Release build with no sidecar, wait until /healthz answers, touch
# /healthz, /readyz and /metrics once, let it idle, then read its resident set size (VmRSS) from /proc.
# Usage: bench/idle-rss.sh [idle-seconds]   (prints a Markdown table; the committed numbers are in bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
idle=${1:-10}

# app-id, directory and DLL from dapr.yaml, so the list never drifts from what `make run` starts.
mapfile -t apps < <(awk '/appID:/{id=$3} /appDirPath:/{dir=$2} /command:/{gsub(/[\[\]",]/,""); print id, dir, $3}' dapr.yaml)
for entry in "${apps[@]}"; do
  read -r _ dir _ <<<"$entry"
  dotnet build "$dir" -c Release -v q -nologo >/dev/null
done

port=5900
echo "| app | idle RSS (MiB) |"
echo "|---|---:|"
for entry in "${apps[@]}"; do
  read -r id dir dll <<<"$entry"
  dll=${dll/Debug/Release}
  port=$((port + 1))
  (cd "$dir" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" DAPR_HTTP_PORT=1 DAPR_GRPC_PORT=2 \
    exec dotnet "$dll" >/dev/null 2>&1) &
  pid=$!
  for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
  for path in /healthz /readyz /metrics; do curl -s -o /dev/null "http://127.0.0.1:$port$path" || true; done
  sleep "$idle"
  rss_kb=$(awk '/^VmRSS:/{print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '| %s | %.1f |\n' "$id" "$(echo "$rss_kb / 1024" | bc -l)"
done
