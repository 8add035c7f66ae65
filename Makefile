# Growbin developer commands. Run `make help` for the list.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

LOCAL        := .local
S3RVER_DIR   := $(LOCAL)/s3rver
S3RVER_PORT  := 4568
S3_BUCKET    := growbin-images
DB_NAME      := growbin
DB_USER      := growbin
GROWBIN_DB_CONNECTION ?= Host=localhost;Port=5432;Database=$(DB_NAME);Username=$(DB_USER);Password=growbin
# Debian/Ubuntu package names; other systems: install the same servers and skip `make setup-packages`.
# prometheus ships promtool (alert rule tests); kubernetes-client is kubectl (kustomize renders), installed only if
# no kubectl is on PATH already.
TEST_PACKAGES := postgresql postgresql-15-postgis-3 prometheus
KUBECTL_PACKAGE := kubernetes-client
RUN_PACKAGES  := redis-server rabbitmq-server
BENCH_PACKAGES := wrk python3-fastapi python3-uvicorn
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
AS_POSTGRES := $(if $(filter 0,$(shell id -u)),runuser -u postgres --,sudo -u postgres)

.PHONY: help setup setup-test setup-bench setup-packages secrets check-dapr check-control-plane build run stop infra-up infra-down migrate test bench

# Dapr's control plane for `dapr run`: placement (actors) and, from Dapr 1.15, the scheduler (every reminder, so every
# workflow timer and retry). `dapr init` publishes them on these ports and every sidecar dials them there (dapr/cli
# pkg/standalone/standalone.go, cmd/run.go); dapr.yaml keeps its sidecars off them.
DAPR_PLACEMENT_PORT := 50005
DAPR_SCHEDULER_PORT := 50006

help: ## List the commands
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: setup-test ## Install everything local runs and tests need (PostgreSQL+PostGIS, Redis, RabbitMQ, s3rver), create secrets
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(RUN_PACKAGES)
	npm install --no-audit --no-fund --prefix $(S3RVER_DIR) s3rver@3
	@$(MAKE) --no-print-directory secrets check-dapr

setup-test: ## Install only what `make test` needs (PostgreSQL with PostGIS, promtool, kubectl) and restore packages
	@if ! command -v apt-get >/dev/null; then echo "apt-get not found: install PostgreSQL 15+ with PostGIS 3, promtool and kubectl yourself"; \
	elif ! dpkg -s $(TEST_PACKAGES) >/dev/null 2>&1 || ! command -v kubectl >/dev/null; then \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    $(TEST_PACKAGES) $$(command -v kubectl >/dev/null || echo $(KUBECTL_PACKAGE)); fi
	dotnet restore Growbin.sln

setup-bench: ## Install what `make bench` needs besides .NET: wrk, and FastAPI + uvicorn for the comparison service
	@if ! command -v apt-get >/dev/null; then echo "apt-get not found: install wrk, FastAPI and uvicorn yourself"; \
	elif ! dpkg -s $(BENCH_PACKAGES) >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(BENCH_PACKAGES); fi

secrets: ## Create components/secrets.json from the example (never committed)
	@if [ ! -f components/secrets.json ]; then cp components/secrets.example.json components/secrets.json; \
	  echo "created components/secrets.json: put your Kakao and OpenAI keys in it"; fi

check-dapr: ## Say whether the Dapr CLI is installed, and how to install it if not
	@if command -v dapr >/dev/null; then dapr --version; else \
	  echo "Dapr CLI not found. Install it (https://docs.dapr.io/getting-started/install-dapr-cli/), then run 'dapr init'"; \
	  echo "(or 'dapr init --slim' without Docker). 'make test' does not need it; 'make run' does."; fi

build: ## Build the whole solution
	dotnet build Growbin.sln -v q -nologo

infra-up: secrets ## Start PostgreSQL, Redis, RabbitMQ and s3rver if they are not running; create the database
	@pg_isready -q -h localhost || $(SUDO) service postgresql start
	@redis-cli ping >/dev/null 2>&1 || $(SUDO) service redis-server start
	@$(SUDO) rabbitmqctl status >/dev/null 2>&1 || $(SUDO) service rabbitmq-server start
	@until pg_isready -q -h localhost; do sleep 1; done
	@$(AS_POSTGRES) psql -q -v ON_ERROR_STOP=1 -c "DO \$$\$$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$(DB_USER)') THEN CREATE ROLE $(DB_USER) LOGIN PASSWORD 'growbin'; END IF; END \$$\$$;"
	@$(AS_POSTGRES) psql -lqt | cut -d'|' -f1 | grep -qw $(DB_NAME) || $(AS_POSTGRES) createdb -O $(DB_USER) -E UTF8 -T template0 --lc-collate=C --lc-ctype=C.UTF-8 $(DB_NAME)
	@# PostGIS is not a trusted extension: the superuser creates it, the migrations then find it.
	@PGOPTIONS="-c client_min_messages=warning" $(AS_POSTGRES) psql -q -d $(DB_NAME) -c "CREATE EXTENSION IF NOT EXISTS postgis"
	@if ! curl -s -o /dev/null http://localhost:$(S3RVER_PORT); then mkdir -p $(LOCAL)/s3-data; \
	  nohup $(S3RVER_DIR)/node_modules/.bin/s3rver -d $(LOCAL)/s3-data -p $(S3RVER_PORT) --configure-bucket $(S3_BUCKET) \
	    > $(LOCAL)/s3rver.log 2>&1 & echo $$! > $(LOCAL)/s3rver.pid; echo "s3rver on :$(S3RVER_PORT)"; fi

infra-down: ## Stop s3rver, RabbitMQ, Redis and PostgreSQL
	-@[ -f $(LOCAL)/s3rver.pid ] && kill $$(cat $(LOCAL)/s3rver.pid) && rm $(LOCAL)/s3rver.pid
	-$(SUDO) service rabbitmq-server stop
	-$(SUDO) service redis-server stop
	-$(SUDO) service postgresql stop

migrate: ## Apply database migrations (GROWBIN_DB_CONNECTION overrides the local default)
	dotnet run --project services/db-migrator -- --connection "$(GROWBIN_DB_CONNECTION)"

check-control-plane: ## Check that Dapr's placement and scheduler answer on localhost (make run needs both)
	@missing=; \
	for service in placement:$(DAPR_PLACEMENT_PORT) scheduler:$(DAPR_SCHEDULER_PORT); do \
	  timeout 2 bash -c ": </dev/tcp/localhost/$${service#*:}" 2>/dev/null || missing="$$missing $${service%%:*} (:$${service#*:})"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Dapr's control plane does not answer on localhost:$$missing. Without placement no actor runs; without the" >&2; \
	  echo "scheduler (Dapr 1.15+) no reminder fires, so no scan workflow advances. Start both, then run make again:" >&2; \
	  echo "  after 'dapr init' (Docker):  docker start dapr_placement dapr_scheduler   (or 'dapr init' if they are gone)" >&2; \
	  echo "  after 'dapr init --slim':    ~/.dapr/bin/placement --port $(DAPR_PLACEMENT_PORT) --healthz-port 58080 --metrics-port 59090 &" >&2; \
	  echo "                               ~/.dapr/bin/scheduler --port $(DAPR_SCHEDULER_PORT) --healthz-port 58081 --metrics-port 59091 \\" >&2; \
	  echo "                                 --etcd-data-dir ~/.dapr/scheduler --override-broadcast-host-port localhost:$(DAPR_SCHEDULER_PORT) &" >&2; \
	  exit 1; \
	fi

run: check-control-plane build infra-up migrate ## Check Dapr's placement and scheduler, start the infrastructure, migrate, then all 12 apps with their sidecars (dapr run -f .)
	dapr run -f .

stop: ## Stop the apps started by `make run` (the infrastructure keeps running: `make infra-down`)
	dapr stop -f .

test: ## Run every test (each by name, skipped ones with their reason); the last line sums them up
	@mkdir -p $(LOCAL); set +e; dotnet test Growbin.sln -nologo --logger "console;verbosity=normal" 2>&1 | tee $(LOCAL)/test.log; \
	  status=$${PIPESTATUS[0]}; \
	  awk '/^ +Passed: +[0-9]+$$/{p+=$$2} /^ +Failed: +[0-9]+$$/{f+=$$2} /^ +Skipped: +[0-9]+$$/{s+=$$2} \
	    END {printf "%d passed, %d failed, %d skipped\n", p, f, s}' $(LOCAL)/test.log; \
	  exit $$status

bench: build setup-bench ## Measure idle memory, recycle-info under wrk, scan latency and tokens, the micro-benchmarks; results go in bench/README.md
	bench/idle-rss.sh
	bench/recycle-info-wrk.sh
	dotnet run -c Release --project bench/Growbin.Benchmarks -- pipeline
	dotnet run -c Release --project bench/Growbin.Benchmarks -- concurrency
	dotnet run -c Release --project bench/Growbin.Benchmarks -- tokens
	dotnet run -c Release --project bench/Growbin.Benchmarks -- nearby
	dotnet run -c Release --project bench/Growbin.Benchmarks -- chat-ttfb
	dotnet run -c Release --project bench/Growbin.Benchmarks -- upload
	dotnet run -c Release --project bench/Growbin.Benchmarks -- --filter '*' --job short

.PHONY: import-points seed-demo-points import-schedule

import-points: ## Import collection points from a CSV through location's sidecar: FILE=… SOURCE=… [MAPPING=…] [DRY_RUN=1]
	@if [ -z "$(FILE)" ] || [ -z "$(SOURCE)" ]; then \
	  echo "usage: make import-points FILE=<file.csv> SOURCE=<name> [MAPPING=<mapping.json>] [DRY_RUN=1]"; exit 2; fi
	@# The sidecar runs in the app's folder, where components/secretstore.yaml finds ../../components/secrets.json; no launch
	@# profile, whose fixed sidecar ports would point the client away from this sidecar.
	cd services/location && dapr run --app-id location --resources-path ../../components --config ../../components/config.yaml -- \
	  dotnet run --no-launch-profile -- import "$(abspath $(FILE))" --source "$(SOURCE)" \
	  $(if $(MAPPING),--mapping "$(abspath $(MAPPING))") $(if $(DRY_RUN),--dry-run)

seed-demo-points: infra-up migrate ## Import the synthetic demo collection points (source demo-synthetic; names start with [합성])
	@$(MAKE) --no-print-directory import-points FILE=services/location/data/demo-synthetic.csv SOURCE=demo-synthetic \
	  MAPPING=services/location/Import/mappings/growbin-layout.json

import-schedule: ## Import collection days and times (전국생활쓰레기배출정보표준데이터) through recycle-info's sidecar: FILE=… [ENCODING=auto|cp949|utf-8] [DRY_RUN=1]
	@if [ -z "$(FILE)" ]; then echo "usage: make import-schedule FILE=<file.csv> [ENCODING=auto|cp949|utf-8] [DRY_RUN=1]"; exit 2; fi
	@# growbin-db is scoped to the apps that use it, so the importer borrows recycle-info's app-id (the app that serves
	@# the schedules). From its folder, where components/secretstore.yaml finds ../../components/secrets.json.
	cd services/schedule-import && dapr run --app-id recycle-info --resources-path ../../components --config ../../components/config.yaml -- \
	  dotnet run -- import-schedule "$(abspath $(FILE))" $(if $(ENCODING),--encoding $(ENCODING)) $(if $(DRY_RUN),--dry-run)

# Container images and Kubernetes manifests (k8s/README.md).
IMAGE_APPS := waste-api auth userinfo location recycle-info chat-llm scan-pipeline image-uploader vision-analyzer \
  rule-retriever response-generator task-scheduler db-migrator
REGISTRY ?= growbin
TAG ?= latest
CONTAINER_TOOL ?= $(shell command -v docker 2>/dev/null || command -v podman 2>/dev/null)

.PHONY: images k8s-render

images: ## Build the image of every app and the migrator as $(REGISTRY)/<app-id>:$(TAG) with docker or podman (REGISTRY=growbin TAG=latest)
	@if [ -z "$(CONTAINER_TOOL)" ]; then echo "neither docker nor podman is installed: install one to build images"; exit 1; fi
	@$(CONTAINER_TOOL) info >/dev/null 2>&1 || { echo "$(CONTAINER_TOOL) cannot reach its engine (is the docker daemon running?)"; exit 1; }
	@for app in $(IMAGE_APPS); do \
	  dir=services/$$app; [ -d $$dir ] || dir=workflows/$$app; \
	  assembly=$$(basename $$dir/*.csproj .csproj); \
	  echo "== $(REGISTRY)/$$app:$(TAG) ($$dir, $$assembly)"; \
	  $(CONTAINER_TOOL) build -f services/Dockerfile --build-arg APP_DIR=$$dir --build-arg ASSEMBLY=$$assembly \
	    -t $(REGISTRY)/$$app:$(TAG) . ; \
	done

k8s-render: ## Render the dev and prod overlays (kubectl kustomize) into .local/k8s/{dev,prod}.yaml
	@command -v kubectl >/dev/null || { echo "kubectl not found: make setup-test installs it"; exit 1; }
	@mkdir -p $(LOCAL)/k8s
	@for overlay in dev prod; do kubectl kustomize k8s/overlays/$$overlay > $(LOCAL)/k8s/$$overlay.yaml 2>$(LOCAL)/k8s/$$overlay.log \
	  || { cat $(LOCAL)/k8s/$$overlay.log; exit 1; }; \
	  echo "$(LOCAL)/k8s/$$overlay.yaml: $$(grep -c '^kind:' $(LOCAL)/k8s/$$overlay.yaml) resources"; done
