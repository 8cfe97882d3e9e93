# Targets for developers and CI. Every target runs from a clean checkout:
# the code generator is a `tool` of go.mod (`go tool oapi-codegen`), other
# tools are pinned where they run; nothing is installed by hand.

GO ?= go
PKGS := ./...

.PHONY: all generate check-generated test bench lint demo mutation reliability

all: check-generated test

# GENERATED is everything `make generate` writes, which check-generated
# compares with the commit.
GENERATED := gen catalog/endpoints_gen.go sim/internal/api sim/visit_gen.go types_gen.go methods_gen.go validation/rules_gen.go

## generate: run every generator from spec/bithumb.yaml: gen/ (client and
## models), the endpoint catalog (catalog/endpoints_gen.go), the
## simulator's server with an example answer for every
## operation (sim/internal/api, sim/visit_gen.go), then the root package's
## types, a typed method for each operation without a hand-written one
## (methods_gen.go) and the request rules of package validation.
generate:
	$(GO) generate ./gen ./sim/internal/api
	$(GO) run ./internal/cmd/catalogen -out catalog/endpoints_gen.go
	$(GO) run ./internal/cmd/simstubgen -spec spec/bithumb.yaml -server sim/internal/api/server.gen.go \
		-examples sim/internal/api/examples.gen.go -visit sim/visit_gen.go
	$(GO) run ./internal/cmd/aliasgen -gen gen/bithumb.gen.go -out types_gen.go
	$(GO) run ./internal/cmd/methodgen -spec spec/bithumb.yaml -gen gen -root . -out methods_gen.go
	$(GO) run ./internal/cmd/validationgen -spec spec/bithumb.yaml -out validation/rules_gen.go

## check-generated: fail when a generated file differs from what `make generate` produces.
check-generated: generate
	@git diff --exit-code -- $(GENERATED) || { echo "generated code is stale: run 'make generate' and commit the result"; exit 1; }
	@test -z "$$(git status --porcelain -- $(GENERATED))" || { echo "untracked generated files:"; git status --porcelain -- $(GENERATED); exit 1; }

## check-new-endpoint: prove that adding an endpoint to the spec takes no
## more than `make generate`: on a copy of the repository, add a GET
## endpoint to spec/bithumb.yaml, run make generate, then go build, go vet
## and the tests that enumerate the spec's operations (about 1 to 3 minutes
## on two cores; see internal/cmd/newendpointcheck).
.PHONY: check-new-endpoint
check-new-endpoint:
	$(GO) run ./internal/cmd/newendpointcheck -go $(GO)

## contract-live: check the live Bithumb API against the spec (spec
## drift): every read-only operation of the spec (safe GETs and those
## marked x-bithumb-read-only) and the WebSocket streams, the private ones
## too when BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY are set; nothing that
## places, cancels or withdraws. Writes DRIFT_DIR/drift.md and DRIFT_DIR/drift.json.
## Exits 1 on breaking drift only, 2 when nothing could be checked, and 0
## with "skipped: no network" when api.bithumb.com cannot be reached. See
## docs/drift.md.
DRIFT_DIR ?= drift-report
.PHONY: contract-live
contract-live:
	$(GO) run ./cmd/bithumb contract --live --report-dir $(DRIFT_DIR)

## test: vet and run every test with the race detector (the README's test
## command), in the SDK's module and in bithumb-specdiff's own module; and
## the transports' tests once more without it, since builds with the race
## detector make internal/sysconn's system calls through package syscall.
test:
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 $(PKGS)
	$(GO) test -count=1 ./internal/sysconn ./directhttp
	cd $(SPECDIFF) && $(GO) vet ./... && $(GO) test -race -count=1 ./...

## spec-diff: compare spec/bithumb.yaml with another OpenAPI document
## (OTHER=file, 3.0 or 3.1), e.g. the definition that Bithumb's API
## reference embeds; lists what one has and the other lacks. Runs
## bithumb-specdiff, its own module because oasdiff needs Go 1.26.
SPECDIFF := cmd/bithumb-specdiff
.PHONY: spec-diff
spec-diff:
	@test -n "$(OTHER)" || { echo "usage: make spec-diff OTHER=path/to/openapi.yaml"; exit 2; }
	cd $(SPECDIFF) && $(GO) run . $(CURDIR)/spec/bithumb.yaml $(abspath $(OTHER))

## bench: run every benchmark BENCH_COUNT times (reported, never
## asserted), keep the raw output in BENCH_OUT, and summarise it with
## benchstat (golang.org/x/perf, pinned here, not in go.mod) and with the
## ratios of each pair measured in the same run: .../stack vs
## .../baseline, .../exact vs .../float (internal/cmd/benchratio).
## Takes several minutes. Results: docs/benchmarks.md.
BENCH_COUNT ?= 6
BENCH_OUT ?= bench-out/bench.txt
BENCHSTAT := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
bench:
	@mkdir -p $(dir $(BENCH_OUT))
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCH_COUNT) $(PKGS) | tee $(BENCH_OUT)
	@! grep -Eq '^(FAIL|--- FAIL|panic:)' $(BENCH_OUT) || { echo "bench: a benchmark failed (see $(BENCH_OUT))"; exit 1; }
	$(GO) run $(BENCHSTAT) $(BENCH_OUT)
	$(GO) run ./internal/cmd/benchratio $(BENCH_OUT)

## lint: formatting and vet; golangci-lint when it is installed.
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "run gofmt -w"; exit 1; }
	$(GO) vet $(PKGS)
	@if command -v golangci-lint >/dev/null; then golangci-lint run; else echo "golangci-lint not installed; skipped"; fi

## mutation: mutation testing of middleware/ with gremlins (slow: about 20
## minutes on two cores; not part of test or CI). See docs/testing.md.
## -count=1 keeps go test's cache from shrinking gremlins' per-mutant timeout,
## which it derives from the time of its coverage run.
## docs/testing.md also gives the command for ./internal/drift (about 10 minutes).
GREMLINS := github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0
MUTATION_FLAGS ?= --workers 1 --timeout-coefficient 5
mutation:
	GOFLAGS=-count=1 $(GO) run $(GREMLINS) unleash $(MUTATION_FLAGS) ./middleware

## reliability: the network-fault suite in full (toxiproxy between the SDK
## and the simulator; see docs/reliability.md). Its last line is the summary
## faults=N scenarios=M duplicates=0 lost=0 leaks=0; it fails when
## duplicates, lost or leaks is not 0. `make test` runs its short version.
reliability:
	@sum=$$(mktemp); $(GO) test -race -count=1 -timeout 30m ./internal/reliability -args -reliability.full -reliability.summary=$$sum; rc=$$?; \
	if [ -s $$sum ]; then cat $$sum; else echo "no summary: the suite did not finish"; rc=1; fi; rm -f $$sum; exit $$rc

## demo: the offline tour against the built-in simulator.
demo:
	$(GO) run ./cmd/bithumb demo

## fuzz: run every fuzz target (each `func Fuzz...` in a _test.go file) for
## FUZZTIME, one `go test -fuzz` per target, as CI does. Seeds: f.Add calls
## and the committed testdata/fuzz/<FuzzName>/ corpora. A crasher is written
## to testdata/fuzz/<FuzzName>/ and fails the run; keep it as a seed once fixed.
## FUZZTIME is a count of inputs, not a duration: with a duration, Go 1.26's
## fuzzing coordinator can fail a clean run with "context deadline exceeded"
## when a busy machine keeps a worker from stopping in time (go.dev/issue/75804,
## fixed in Go 1.27). 20000 inputs take 1-5 s per target on the CI machine.
FUZZTIME ?= 20000x
.PHONY: fuzz
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' . | sort); do \
		d=$$(dirname $$f); \
		for n in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			echo "fuzz: $$d $$n"; \
			$(GO) test -run '^$$' -fuzz "^$$n\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s $$d; \
		done; \
	done

## soak: a 10-minute demo trader against the simulator with faults on;
## writes soak-out/soak.png and soak-out/soak.csv (not part of test or CI).
## See docs/soak.md.
SOAK_FLAGS ?=
.PHONY: soak
soak:
	$(GO) run ./internal/cmd/soak -duration 10m -out soak-out/soak.png $(SOAK_FLAGS)

## bench-limiter-redis: share of the published rate that 64 goroutines reach
## through the local and the Redis rate limiters (needs redis-server; about
## 30 s; not part of test). BENCH_SECONDS sets the length of each run.
BENCH_SECONDS ?= 10
.PHONY: bench-limiter-redis
bench-limiter-redis:
	BITHUMB_BENCH_LIMITER=1 BITHUMB_BENCH_SECONDS=$(BENCH_SECONDS) $(GO) test -run '^TestLimiterThroughput$$' -count=1 -v ./middleware/redislimit

## bench-ccxt: ccxt 4.5.84's bithumb class (Node, bench/ccxt) and its Go twin
## (internal/cmd/ccxttwin) against one simulator (bench/sim.yaml): median and
## p99 latency and CPU per call for ticker, orderbook, chance, accounts, place
## and cancel, in ROUNDS alternating rounds (needs node and npm, which
## installs the pinned ccxt the first time; about 30 s; not part of test).
## SVG=docs/img/ccxt-cpu.svg also draws the CPU per call as a bar chart.
.PHONY: bench-ccxt
bench-ccxt:
	GO=$(GO) bench/ccxt/run.sh

## bench-memory: the steady-state heap of a client streaming the tickers and
## orderbooks of 50 markets from the simulator (bench/sim.yaml), sampled after
## a forced GC every second for 30 s after a 10 s warm-up
## (internal/cmd/memstream; target < 50 MiB; not part of test).
## MEMSTREAM_FLAGS passes flags, e.g. -duration 60s.
MEMSTREAM_FLAGS ?=
.PHONY: bench-memory
bench-memory:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) build -o "$$tmp/bithumb" ./cmd/bithumb && $(GO) build -o "$$tmp/memstream" ./internal/cmd/memstream && \
	bench/with-sim.sh "$$tmp/bithumb" "$$tmp/memstream" $(MEMSTREAM_FLAGS)

## bench-limiter: share of the published limit that 64 goroutines reach
## through the default client's limiter against the simulator, for each
## category that read-only calls and orders reach, with the 429 count,
## while GOMAXPROCS goroutines burn CPU (about 100 s; not part of test).
## BENCH_SECONDS sets the length of each run.
.PHONY: bench-limiter
bench-limiter:
	BITHUMB_BENCH_LIMITER=1 BITHUMB_BENCH_SECONDS=$(BENCH_SECONDS) $(GO) test -run '^TestLimiterAtTheLimit$$' -count=1 -v ./internal/limiterbench

## vulncheck: govulncheck (golang.org/x/vuln v1.9.0) against a database built
## offline from the pinned golang.org/x/vulndb module; see .ci/vulncheck.
## Fails when vulnerable code is reached; prints "skipped: ..." when the
## vulndb module cannot be downloaded.
.PHONY: vulncheck
vulncheck:
	GO=$(GO) ./.ci/vulncheck

## lean: what importing the root package costs a program: the requirements
## `go mod tidy` writes into a throwaway consumer module's go.mod, its binary
## size and the first bithumb.New of a process (needs the Go module proxy;
## not part of test). Results: docs/benchmarks.md.
.PHONY: lean
lean:
	$(GO) run ./internal/cmd/leancheck -repo .

## bench-decode: BenchmarkDecode (root package) in BENCH_ROUNDS interleaved
## rounds of one test binary, so that each exact/float pair sees the same
## load, then the median ratios by internal/cmd/benchratio. Results:
## docs/benchmarks.md.
BENCH_ROUNDS ?= 10
.PHONY: bench-decode
bench-decode:
	@mkdir -p bench-out
	$(GO) test -c -o bench-out/decode.test .
	@: > bench-out/decode.txt; for i in $$(seq $(BENCH_ROUNDS)); do \
		bench-out/decode.test -test.run '^$$' -test.bench '^BenchmarkDecode$$' -test.benchmem -test.benchtime 0.2s >> bench-out/decode.txt || exit 1; done
	$(GO) run ./internal/cmd/benchratio bench-out/decode.txt
