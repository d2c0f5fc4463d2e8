SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
SLN := Operator.sln
RESULTS ?= $(CURDIR)/.ci-results
ARGS ?=
IMAGE ?= metrics-operator:dev
DOCKER ?= docker
KUBECTL ?= kubectl
NAMESPACE ?= metrics-operator

.PHONY: all build demo test bench bench-decode bench-scrape bench-api fmt fmt-check publish clean docker-build deploy undeploy run

all: build

build:
	$(DOTNET) build $(SLN) -c $(CONFIG) -v q -nologo

# The sandbox: a simulated cluster with the real operator, in the foreground until Ctrl-C (options via ARGS="...").
demo: build
	$(DOTNET) run --project tests/SimulatedCluster -c $(CONFIG) --no-build -- $(ARGS)

# The README's test command: builds everything, then runs every test project with TRX results in $(RESULTS).
test: build
	rm -rf "$(RESULTS)"; mkdir -p "$(RESULTS)"
	$(DOTNET) test $(SLN) -c $(CONFIG) --no-build --logger trx --results-directory "$(RESULTS)" $(ARGS)

# Speed and memory figures (not part of `make test`).
bench: bench-decode bench-scrape bench-api

bench-decode: build
	$(DOTNET) run --project tests/Benchmarks -c $(CONFIG) --no-build -- micro --filter '*' $(ARGS)

bench-scrape: build
	$(DOTNET) run --project tests/Benchmarks -c $(CONFIG) --no-build -- scrape $(ARGS)

bench-api: build
	$(DOTNET) run --project tests/Benchmarks -c $(CONFIG) --no-build -- api $(ARGS)

fmt:
	$(DOTNET) format $(SLN)

fmt-check:
	$(DOTNET) format $(SLN) --verify-no-changes

# The same publish the Dockerfile runs.
publish:
	$(DOTNET) publish operator/MetricsOperator.csproj -c Release -o artifacts/publish -nologo

clean:
	rm -rf artifacts "$(RESULTS)"; find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +

# The operator's image. manifests/kustomization.yaml deploys metrics-operator:dev; for another IMAGE, set it
# there with `kustomize edit set image metrics-operator=$(IMAGE)` (or in an overlay).
docker-build:
	$(DOCKER) build -t $(IMAGE) .

# Installs the CRD, RBAC and the operator. The MetricsBackend is a deliberate second step.
deploy:
	$(KUBECTL) apply -k manifests
	@echo "Next: $(KUBECTL) apply -f manifests/samples/metricsbackend.yaml"

# MetricsBackends first, while the operator still runs, so its finalizer removes the APIService;
# deleting everything at once could leave a dangling metrics.k8s.io APIService that breaks discovery.
undeploy:
	@if $(KUBECTL) get crd metricsbackends.metricsoperator.dev >/dev/null 2>&1; then \
		echo "$(KUBECTL) delete metricsbackends --all --wait"; $(KUBECTL) delete metricsbackends --all --wait; fi
	$(KUBECTL) delete -k manifests --ignore-not-found

# The operator on this machine against the current kubeconfig (scale the in-cluster Deployment to 0 first,
# or the two compete for the Lease).
run:
	$(DOTNET) run --project operator/MetricsOperator.csproj -c $(CONFIG) -- run --kubeconfig $${KUBECONFIG:-~/.kube/config} --namespace $(NAMESPACE) --pod-name local $(ARGS)
