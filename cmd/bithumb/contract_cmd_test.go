package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/internal/drift"
	"github.com/bithumb-go/bithumb/spec"
)

// driftReport is the JSON report of `bithumb contract --live --json`.
type driftReport struct {
	Skipped   string         `json:"skipped"`
	Breaking  int            `json:"breaking"`
	Additive  int            `json:"additive"`
	Checked   int            `json:"checked"`
	REST      []drift.Result `json:"rest"`
	WebSocket []drift.Result `json:"websocket"`
}

func parseDriftReport(t *testing.T, r result) driftReport {
	t.Helper()
	var rep driftReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("not a JSON report (%v)\nstdout: %s\nstderr: %s", err, r.stdout, r.stderr)
	}
	return rep
}

// TestContractLiveAgainstSim runs the whole check against the simulator,
// with keys, so that every read-only operation of the spec is called (the
// safe GETs and the POSTs marked x-bithumb-read-only): the simulator
// answers as the spec says, so nothing is breaking, and the simulator saw
// GETs and read-only POSTs only.
func TestContractLiveAgainstSim(t *testing.T) {
	t.Parallel()
	s := startSim(t, withoutRateLimit())
	r := runCLI(t, nil, s.env(map[string]string{envWSURL: "ws://" + s.host}),
		"contract", "--live", "--json", "--ws-wait", "2s", "--ws-messages", "2")
	if r.code != 0 {
		t.Fatalf("exit %d, want 0\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	rep := parseDriftReport(t, r)
	if rep.Breaking != 0 || rep.Skipped != "" {
		t.Errorf("breaking %d, skipped %q against the simulator:\n%s", rep.Breaking, rep.Skipped, r.stdout)
	}
	if len(rep.REST) < 30 || rep.Checked < 30 {
		t.Errorf("%d REST results, %d checked: want every read-only GET of the spec", len(rep.REST), rep.Checked)
	}
	for _, res := range rep.REST {
		switch {
		case res.Name == "legacyOrderDetail": // its order id has no example
			if !strings.HasPrefix(res.Note, "skipped: ") {
				t.Errorf("legacyOrderDetail: %+v, want it skipped", res)
			}
		case !res.Checked:
			t.Errorf("%s was not checked: %s", res.Name, res.Note)
		}
	}
	if len(rep.WebSocket) != 10 {
		t.Errorf("%d WebSocket results, want 10 (3 public and 2 private streams in 2 formats)", len(rep.WebSocket))
	}
	for _, res := range rep.WebSocket[:min(6, len(rep.WebSocket))] {
		if res.Frames == 0 {
			t.Errorf("%s: no message from the simulator: %s", res.Name, res.Note)
		}
	}
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	guard := drift.NewGuard(doc)
	s.mu.Lock()
	defer s.mu.Unlock()
	posts := map[string]bool{}
	for _, req := range s.seen {
		method, path, _ := strings.Cut(req, " ")
		if method != http.MethodGet && !guard.Allows(method, path) {
			t.Errorf("the check sent %s: it must send GETs and read-only operations only", req)
		}
		if method == http.MethodPost {
			posts[path] = true
		}
	}
	for _, path := range []string{"/v2/orders/search", "/info/balance", "/info/account", "/info/orders"} {
		if !posts[path] {
			t.Errorf("the check did not send POST %s, which the spec marks read-only", path)
		}
	}
}

// TestContractLiveRecordedBodies serves a recorded ticker answer (a live
// capture) in place of the simulator's, changed in one way per case, and
// checks the finding and the exit status.
func TestContractLiveRecordedBodies(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../contract_test/testdata/rest/v1_ticker__live_2025.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct{ Body json.RawMessage }
	if err := json.Unmarshal(data, &fx); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, old, new string
		kind           drift.Kind
		path           string
		code           int
	}{
		{"as recorded", "", "", "", "", 0},
		{"field added", `"change_rate":0.0021`, `"change_rate":0.0021,"trade_count":17`, drift.NewField, "$[0].trade_count", 0},
		{"required field removed", `"change_rate":0.0021,`, ``, drift.MissingField, "$[0].change_rate", 1},
		{"number became a string", `"trade_volume":0.00040361`, `"trade_volume":"0.00040361"`, drift.TypeChange, "$[0].trade_volume", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			body := bytes.Replace(fx.Body, []byte(c.old), []byte(c.new), 1)
			if c.old != "" && bytes.Equal(body, fx.Body) {
				t.Fatal("the change did not apply")
			}
			s := startSim(t, withoutRateLimit())
			recorded := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v1/ticker" {
					w.Header().Set("Content-Type", "application/json")
					w.Write(body)
					return
				}
				s.srv.ServeHTTP(w, r) // every other answer is the simulator's
			}))
			t.Cleanup(recorded.Close)
			r := runCLI(t, nil, nil, "contract", "--live", "--json", "--rest-only", "--api-url", recorded.URL)
			if r.code != c.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, c.code, r.stdout, r.stderr)
			}
			rep := parseDriftReport(t, r)
			var got []drift.Finding
			for _, res := range rep.REST {
				got = append(got, res.Findings...)
			}
			switch {
			case c.kind == "" && len(got) != 0:
				t.Errorf("findings %+v, want none", got)
			case c.kind != "" && (len(got) != 1 || got[0].Kind != c.kind || got[0].Path != c.path || got[0].Breaking != (c.code == 1)):
				t.Errorf("findings %+v, want one %s at %s", got, c.kind, c.path)
			}
		})
	}
}

// TestContractLiveNoNetwork: when the production API cannot be reached
// (here: its URL is a closed loopback port), the check prints "skipped:
// no network" and exits 0, in every output form; an unreachable
// --api-url is an error (status 2).
func TestContractLiveNoNetwork(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{nil, {"--json"}, {"--report-dir", "REPORT"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for i, a := range args {
				if a == "REPORT" {
					args[i] = dir
				}
			}
			var stdout, stderr bytes.Buffer
			a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
				lookup: func(string) (string, bool) { return "", false }, global: &globalOptions{credsFile: filepath.Join(dir, "none.json")}}
			o := contractOptions{live: true, restOnly: true, frames: 1, wsWait: 1, defaultURL: "http://" + closedPort(t)}
			for i := 0; i < len(args); i++ {
				switch args[i] {
				case "--json":
					a.global.json = true
				case "--report-dir":
					o.reportDir = args[i+1]
				}
			}
			if err := a.runContractLive(context.Background(), &o); err != nil {
				t.Fatalf("error %v, want none\nstderr: %s", err, stderr.String())
			}
			out := stdout.String()
			if a.global.json {
				var rep driftReport
				if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil || rep.Skipped != "no network" {
					t.Errorf("JSON report %q (%v), want skipped: no network", out, err)
				}
			} else if !strings.Contains(out, "skipped: no network") {
				t.Errorf("stdout %q, want skipped: no network", out)
			}
			if o.reportDir != "" {
				md, err := os.ReadFile(filepath.Join(o.reportDir, "drift.md"))
				if err != nil || !strings.Contains(string(md), "skipped: no network") {
					t.Errorf("drift.md: %q (%v)", md, err)
				}
			}
		})
	}
	t.Run("unreachable --api-url", func(t *testing.T) {
		t.Parallel()
		r := runCLI(t, nil, nil, "contract", "--live", "--rest-only", "--api-url", "http://"+closedPort(t))
		if r.code != contractExitNotRun || !strings.Contains(r.stderr, "cannot be reached") {
			t.Errorf("exit %d, want %d with a message\nstdout: %s\nstderr: %s", r.code, contractExitNotRun, r.stdout, r.stderr)
		}
	})
}

// TestContractExamplesRun runs the examples of `bithumb contract` against
// the simulator.
func TestContractExamplesRun(t *testing.T) {
	t.Parallel()
	s := startSim(t, withoutRateLimit())
	examples := exampleCommands(t, subcommand(t, "contract"))
	if len(examples) != 4 {
		t.Fatalf("%d contract examples, want 4 (update this test)", len(examples))
	}
	// The fourth, --spec-diff, is run by TestSpecDiffExampleRuns.
	env := s.env(map[string]string{envWSURL: "ws://" + s.host})

	// bithumb contract --live
	r := runCLI(t, nil, env, append(examples[0].args(), "--ws-wait", "1s")...)
	if r.code != 0 || !strings.Contains(r.stdout, "# Spec drift report") || !strings.Contains(r.stdout, "0 breaking") {
		t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", examples[0].text, r.code, r.stdout, r.stderr)
	}

	// bithumb contract --live --report-dir drift-report
	words := examples[1].args()
	dir := filepath.Join(t.TempDir(), "drift-report")
	for i, w := range words {
		if w == "drift-report" {
			words[i] = dir
		}
	}
	r = runCLI(t, nil, env, append(words, "--ws-wait", "1s")...)
	if r.code != 0 || !strings.Contains(r.stdout, "0 breaking") {
		t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", examples[1].text, r.code, r.stdout, r.stderr)
	}
	for _, name := range []string{"drift.md", "drift.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", examples[1].text, err)
		}
	}

	// bithumb contract --live --json --rest-only --api-url http://127.0.0.1:8080
	r = runCLI(t, nil, nil, simURLWords(t, examples[2].args(), s.url)...)
	if rep := parseDriftReport(t, r); r.code != 0 || rep.Checked == 0 || len(rep.WebSocket) != 0 {
		t.Errorf("%s: exit %d, %d checked, %d WebSocket results\nstderr: %s", examples[2].text, r.code, rep.Checked, len(rep.WebSocket), r.stderr)
	}
}

// TestContractUsageErrorsAreStatus2: a usage error is never status 1,
// which means breaking drift.
func TestContractUsageErrorsAreStatus2(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"contract"},
		{"contract", "--live", "extra"},
		{"contract", "--live", "--no-such-flag"},
		{"contract", "--live", "--ws-messages", "0"},
		{"contract", "--live", "--api-url", "ftp://example"},
		{"contract", "--live", "--spec-diff", "other.yaml"},
		{"contract", "--spec-diff", "other.yaml"}, // bithumb-specdiff is not in the empty PATH
	} {
		r := runCLI(t, nil, nil, args...)
		if r.code != contractExitNotRun || r.stderr == "" {
			t.Errorf("bithumb %s: exit %d, want %d with a message\nstderr: %s", strings.Join(args, " "), r.code, contractExitNotRun, r.stderr)
		}
	}
}

// TestContractTransportSendsReadOnlyOnly: the check's transport lets
// GETs and the spec's read-only POSTs through, and refuses placements,
// cancels and other state changes before they reach the network.
func TestContractTransportSendsReadOnlyOnly(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		seen []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, r.Method+" "+r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	rt := liveTransport(doc)
	allowed := []string{"GET /v2/orders", "GET /v1/accounts", "POST /v2/orders/search", "POST /info/balance"}
	for _, req := range append([]string{
		"POST /v2/orders", "DELETE /v2/order", "POST /v1/deposits/generate_coin_address", "POST /trade/place",
		"POST /v2/orders/cancel", "POST /trade/cancel", "DELETE /v2/orders/search", "PUT /info/balance", "POST /v9/unknown",
	}, allowed...) {
		method, path, _ := strings.Cut(req, " ")
		httpReq, err := http.NewRequest(method, srv.URL+path, strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := rt.RoundTrip(httpReq)
		if resp != nil {
			resp.Body.Close()
		}
		if (err == nil) != slices.Contains(allowed, req) {
			t.Errorf("%s: error %v", req, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if got, want := strings.Join(seen, ", "), strings.Join(allowed, ", "); got != want {
		t.Errorf("the server saw %q, want %q", got, want)
	}
}

// TestContractStreamsAgainstSchemas checks the simulator's public
// streams against the spec's x-bithumb-ws-message schemas: with the
// spec as it is, every stream is checked in both formats and nothing is
// found; with a smaller ticker schema, the fields it lacks are reported
// as additive; and a stream whose schemas are removed says "no schema".
func TestContractStreamsAgainstSchemas(t *testing.T) {
	t.Parallel()
	s := startSim(t, withoutRateLimit())
	a := &app{stdout: io.Discard, stderr: io.Discard, lookup: func(string) (string, bool) { return "", false },
		global: &globalOptions{wsURL: "ws://" + s.host}}
	check := func(doc *openapi3.T) map[string]drift.Result {
		t.Helper()
		results, err := a.checkStreams(t.Context(), doc, nil, &contractOptions{frames: 2, wsWait: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]drift.Result{}
		for _, r := range results {
			byName[r.Name] = r
		}
		return byName
	}

	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	asIs := check(doc)
	for _, typ := range []string{"ticker", "trade", "orderbook"} {
		for _, format := range []string{"DEFAULT", "SIMPLE"} {
			name := "ws " + typ + " " + format
			if r := asIs[name]; !r.Checked || r.Frames != 2 || len(r.Findings) != 0 {
				t.Errorf("%s against the spec: %+v, want 2 messages checked, no finding", name, r)
			}
		}
	}

	delete(doc.Components.Schemas, "WsTrade")
	delete(doc.Components.Schemas, "WsTradeSimple")
	var small openapi3.Schema
	text := `{"x-bithumb-ws-message": {"type": "ticker", "format": "DEFAULT"}, "type": "object", "required": ["type", "code", "trade_price"], "properties": {"type": {"type": "string"}, "code": {"type": "string"}, "trade_price": {"type": "number"}}}`
	if err := json.Unmarshal([]byte(text), &small); err != nil {
		t.Fatal(err)
	}
	doc.Components.Schemas["WsTicker"] = openapi3.NewSchemaRef("", &small)
	changed := check(doc)
	r := changed["ws ticker DEFAULT"]
	if !r.Checked || r.Frames != 2 || len(r.Findings) == 0 {
		t.Errorf("ticker against a smaller schema: %+v, want 2 messages checked with additive findings", r)
	}
	for _, f := range r.Findings {
		if f.Kind != drift.NewField {
			t.Errorf("ticker against a smaller schema: %+v, want only new fields", f)
		}
	}
	if r := changed["ws trade DEFAULT"]; r.Checked || !strings.HasPrefix(r.Note, "no schema") {
		t.Errorf("trade stream without its schema: %+v, want no schema", r)
	}
}

// TestContractStreamsReportSkippedMessages: messages that the WebSocket
// client skips (one it cannot decode, one of an unknown type) never reach
// a stream, so the check reports them from the client's counters: the
// first as breaking, the second as additive.
func TestContractStreamsReportSkippedMessages(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := r.Context()
		if _, _, err := c.Read(ctx); err != nil { // the subscription request
			return
		}
		c.Write(ctx, websocket.MessageText, []byte(`{"type":"ticker","code":"KRW-BTC","trade_price":`))
		c.Write(ctx, websocket.MessageText, []byte(`{"type":"candle","code":"KRW-BTC"}`))
		for {
			if _, _, err := c.Read(ctx); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	a := &app{stdout: io.Discard, stderr: io.Discard, lookup: func(string) (string, bool) { return "", false },
		global: &globalOptions{wsURL: "ws" + strings.TrimPrefix(srv.URL, "http")}}
	results, err := a.checkStreams(t.Context(), doc, nil, &contractOptions{frames: 1, wsWait: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, r := range results {
		if strings.HasPrefix(r.Name, "ws connection DEFAULT") {
			for _, f := range r.Findings {
				kinds = append(kinds, fmt.Sprintf("%s/%v", f.Kind, f.Breaking))
			}
		}
	}
	if strings.Join(kinds, " ") != "undecodable/true new-enum-value/false" {
		t.Errorf("DEFAULT connection findings %q, want undecodable (breaking) and new-enum-value (additive)\n%+v", kinds, results)
	}
}
