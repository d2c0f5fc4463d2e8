SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
SLN := Operator.sln
RESULTS ?= $(CURDIR)/.ci-results
ARGS ?=

.PHONY: all build demo test bench bench-decode bench-scrape fmt fmt-check publish clean

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
bench: bench-decode bench-scrape

bench-decode: build
	$(DOTNET) run --project tests/Benchmarks -c $(CONFIG) --no-build -- micro --filter '*' $(ARGS)

bench-scrape: build
	$(DOTNET) run --project tests/Benchmarks -c $(CONFIG) --no-build -- scrape $(ARGS)

fmt:
	$(DOTNET) format $(SLN)

fmt-check:
	$(DOTNET) format $(SLN) --verify-no-changes

# The same publish the Dockerfile runs.
publish:
	$(DOTNET) publish operator/MetricsOperator.csproj -c Release -o artifacts/publish -nologo

clean:
	rm -rf artifacts "$(RESULTS)"; find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
