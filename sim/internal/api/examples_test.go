package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"

	"github.com/bithumb-go/bithumb/spec"
)

// documented returns the status and the decoded JSON example of the lowest
// 2xx response of op that has one, read with kin-openapi (independently
// of the generator, which reads the YAML text).
func documented(op *openapi3.Operation) (int, any, bool) {
	codes := make([]int, 0)
	for k := range op.Responses.Map() {
		if c, err := strconv.Atoi(k); err == nil && c >= 200 && c <= 299 {
			codes = append(codes, c)
		}
	}
	sort.Ints(codes)
	for _, c := range codes {
		mt := op.Responses.Status(c).Value.Content.Get("application/json")
		if mt == nil {
			continue
		}
		ex := mt.Example
		if ex == nil && len(mt.Examples) > 0 {
			names := make([]string, 0, len(mt.Examples))
			for n := range mt.Examples {
				names = append(names, n)
			}
			sort.Strings(names)
			ex = mt.Examples[names[0]].Value.Value
		}
		if ex != nil {
			return c, ex, true
		}
	}
	return 0, nil, false
}

// TestExamplesAnswerTheSpec calls every method of Examples and checks that
// it answers the documented example of its operation, with its status,
// and that Examples has a method for every operation of the spec.
func TestExamplesAnswerTheSpec(t *testing.T) {
	t.Parallel()
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]*openapi3.Operation{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			ops[strings.ToLower(op.OperationID)] = op
		}
	}
	ex := reflect.ValueOf(Examples{})
	if n := ex.NumMethod(); n != len(ops) {
		t.Errorf("Examples has %d methods, the spec %d operations", n, len(ops))
	}
	ctx := reflect.ValueOf(context.Background())
	for i := range ex.NumMethod() {
		name := ex.Type().Method(i).Name
		op := ops[strings.ToLower(name)]
		if op == nil {
			t.Errorf("Examples.%s: no such operation in the spec", name)
			continue
		}
		m := ex.Method(i)
		out := m.Call([]reflect.Value{ctx, reflect.New(m.Type().In(1)).Elem()})
		if err, _ := out[1].Interface().(error); err != nil {
			t.Errorf("Examples.%s: %v", name, err)
			continue
		}
		got, ok := out[0].Interface().(ExampleResponse)
		if !ok {
			t.Errorf("Examples.%s answers a %T", name, out[0].Interface())
			continue
		}
		status, want, ok := documented(op)
		if !ok {
			status, want = http.StatusNotImplemented, map[string]any{"error": map[string]any{"name": "not_implemented"}}
		}
		var body any
		if err := json.Unmarshal(got.Body, &body); err != nil {
			t.Errorf("Examples.%s: body %s: %v", name, got.Body, err)
			continue
		}
		if !ok {
			// Only the error's name is compared, not its message.
			if e, _ := body.(map[string]any)["error"].(map[string]any); e != nil {
				delete(e, "message")
			}
		}
		// The spec's example through JSON, as a client decodes it.
		b, _ := json.Marshal(want)
		var wantBody any
		_ = json.Unmarshal(b, &wantBody)
		if got.OperationID != op.OperationID || got.Status != status || !cmp.Equal(body, wantBody) {
			t.Errorf("Examples.%s = %s %d %s, want %s %d:\n%s", name, got.OperationID, got.Status, got.Body, op.OperationID, status, cmp.Diff(wantBody, body))
		}
	}
}

// TestExamplesServed routes a request through the generated router and
// strict handler to a server that has nothing but Examples, as the
// simulator's handlers are for an operation without a handler of its own.
func TestExamplesServed(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	HandlerWithOptions(NewStrictHandler(Examples{}, nil), StdHTTPServerOptions{BaseRouter: mux})
	for _, tc := range []struct {
		method, target, op string
		status             int
	}{
		{"GET", "/v1/market/all?isDetails=true", "listMarkets", 200},
		{"GET", "/v1/candles/minutes/15?market=KRW-BTC&count=2", "listMinuteCandles", 200},
		{"POST", "/v1/deposits/generate_coin_address", "createDepositAddress", 201},
	} {
		var body *strings.Reader
		if tc.method == "POST" {
			body = strings.NewReader(`{"currency":"XRP","net_type":"XRP"}`)
		} else {
			body = strings.NewReader("")
		}
		req := httptest.NewRequest(tc.method, tc.target, body)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		if rec.Code != tc.status || rec.Header().Get(ExampleHeader) != tc.op || !json.Valid(rec.Body.Bytes()) {
			t.Errorf("%s %s: %d %s=%q %s", tc.method, tc.target, rec.Code, ExampleHeader, rec.Header().Get(ExampleHeader), rec.Body)
		}
	}
}

// TestNotImplemented checks the answer of an operation without an example.
func TestNotImplemented(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	if err := notImplemented("listFoo").write(rec); err != nil {
		t.Fatal(err)
	}
	var body struct {
		Error struct{ Name, Message string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 501 || body.Error.Name != "not_implemented" || !strings.Contains(body.Error.Message, "listFoo") {
		t.Errorf("%d %s (%v)", rec.Code, rec.Body, err)
	}
}
