#!/usr/bin/env bash
# recycle-info GET /api/v1/recycle/items/{id} under wrk on loopback, next to a Python FastAPI service serving the
# same JSON (bench/fastapi/recycle_items.py). Both run alone with no Dapr sidecar; wrk shares the machine's cores.
# Needs: wrk, python3-fastapi, python3-uvicorn (Debian: `make setup-bench`).
# Usage: bench/recycle-info-wrk.sh [seconds] [connections]   (prints a Markdown table for bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
connections=${2:-64}
item=milk-carton
dotnet_port=5950
python_port=5951
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

wait_for() { for _ in $(seq 1 150); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 1; }

# One line of the table: wrk's requests/s and latency percentiles for a URL.
measure() {
  local name=$1 url=$2
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$url" >"$work/wrk.txt"
  awk -v name="$name" '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {bad=$NF}
    END {printf "| %s | %.0f | %s | %s | %s |\n", name, rps, p50, p99, (bad == "" ? 0 : bad)}' "$work/wrk.txt"
}

dotnet build services/recycle-info -c Release -v q -nologo >/dev/null
(cd services/recycle-info && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$dotnet_port" \
  DAPR_HTTP_PORT=1 DAPR_GRPC_PORT=2 Logging__LogLevel__Default=Warning \
  exec dotnet bin/Release/net10.0/Growbin.RecycleInfo.dll >"$work/dotnet.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$dotnet_port/healthz"

# The FastAPI service gets recycle-info's own JSON for every item, so both send the same bytes of content.
curl -fs "http://127.0.0.1:$dotnet_port/api/v1/recycle/items?pageSize=50&page=1" >/dev/null
python3 - "$dotnet_port" >"$work/items.json" <<'PY'
import json, sys, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}/api/v1/recycle"
items, page = {}, 1
while True:
    listing = json.load(urllib.request.urlopen(f"{base}/items?pageSize=50&page={page}"))
    for summary in listing["items"]:
        items[summary["id"]] = json.load(urllib.request.urlopen(f"{base}/items/{summary['id']}"))
    if page * 50 >= listing["total"]:
        break
    page += 1
json.dump(items, sys.stdout, ensure_ascii=False)
PY
(cd bench/fastapi && ITEMS_FILE="$work/items.json" exec /usr/bin/python3 -m uvicorn recycle_items:app \
  --host 127.0.0.1 --port "$python_port" --workers 2 --log-level warning >"$work/python.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$python_port/api/v1/recycle/items/$item"

# Warm both (JIT, caches), then measure.
for port in $dotnet_port $python_port; do wrk -t2 -c"$connections" -d5s "http://127.0.0.1:$port/api/v1/recycle/items/$item" >/dev/null; done
echo "wrk -t2 -c$connections -d${seconds}s --latency http://127.0.0.1:<port>/api/v1/recycle/items/$item"
echo
echo "| service | requests/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|"
measure "recycle-info (.NET 10, Kestrel)" "http://127.0.0.1:$dotnet_port/api/v1/recycle/items/$item"
measure "FastAPI 0.92 + uvicorn 0.17, 2 workers" "http://127.0.0.1:$python_port/api/v1/recycle/items/$item"
# Not compared, for scale: a search that takes the matcher's slowest path (a typo: jamo-level fuzzy over every name).
measure "recycle-info search ?query=영수중 (typo)" "http://127.0.0.1:$dotnet_port/api/v1/recycle/items?query=%EC%98%81%EC%88%98%EC%A4%91"
echo
echo "body of items/$item: $(curl -fs "http://127.0.0.1:$dotnet_port/api/v1/recycle/items/$item" | wc -c) bytes"
