SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
SLN := Operator.sln
RESULTS ?= $(CURDIR)/.ci-results
ARGS ?=

.PHONY: all build test bench bench-decode bench-scrape bench-api fmt fmt-check publish clean

all: build

build:
	$(DOTNET) build $(SLN) -c $(CONFIG) -v q -nologo

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
