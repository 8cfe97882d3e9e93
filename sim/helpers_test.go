package sim

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"go.uber.org/goleak"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/spec"
)

func TestMain(m *testing.M) {
	// The spec's custom string format, known to this test binary only.
	openapi3.DefineStringFormatValidator("decimal", spec.DecimalFormat())
	// No test may leave a goroutine behind (servers, clients, tickers).
	goleak.VerifyTestMain(m)
}

var (
	docOnce sync.Once
	testDoc *openapi3.T
)

func specDoc(t testing.TB) *openapi3.T {
	docOnce.Do(func() {
		d, err := spec.Load()
		if err != nil {
			panic(err)
		}
		testDoc = d
	})
	return testDoc
}

// validator is a test-only middleware that checks every request and
// every response against the spec with kin-openapi.
type validator struct {
	doc  *openapi3.T
	s    *Server
	next http.Handler

	mu sync.Mutex
	// allowBadRequests lets a test send requests the spec forbids (to
	// check the simulator's answer); their responses are still checked.
	allowBadRequests bool
	errs             []string
	checked          map[string]int // operationId → responses validated
}

func (v *validator) allowBad(b bool) {
	v.mu.Lock()
	v.allowBadRequests = b
	v.mu.Unlock()
}

func (v *validator) fail(format string, args ...any) {
	v.mu.Lock()
	v.errs = append(v.errs, fmt.Sprintf(format, args...))
	v.mu.Unlock()
}

func (v *validator) route(r *http.Request) (*routers.Route, map[string]string) {
	_, pattern := v.s.mux.Handler(r)
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		return nil, nil
	}
	item := v.doc.Paths.Value(path)
	if item == nil {
		return nil, nil
	}
	op := item.GetOperation(method)
	if op == nil {
		return nil, nil
	}
	params := map[string]string{}
	ps, rs := strings.Split(path, "/"), strings.Split(r.URL.Path, "/")
	for i, seg := range ps {
		if strings.HasPrefix(seg, "{") && i < len(rs) {
			params[strings.Trim(seg, "{}")] = rs[i]
		}
	}
	return &routers.Route{Spec: v.doc, Path: path, PathItem: item, Method: method, Operation: op}, params
}

func (v *validator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_sim/") {
		v.next.ServeHTTP(w, r)
		return
	}
	route, params := v.route(r)
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	var reqIn *openapi3filter.RequestValidationInput
	if route != nil {
		clone := r.Clone(r.Context())
		clone.Body = io.NopCloser(bytes.NewReader(body))
		reqIn = &openapi3filter.RequestValidationInput{Request: clone, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
		if err := openapi3filter.ValidateRequest(r.Context(), reqIn); err != nil {
			v.mu.Lock()
			allow := v.allowBadRequests
			v.mu.Unlock()
			if !allow {
				v.fail("request %s %s?%s breaks the spec: %v", r.Method, r.URL.Path, r.URL.RawQuery, err)
			}
		}
	}
	tw := &teeWriter{ResponseWriter: w, status: 200}
	v.next.ServeHTTP(tw, r)
	if tw.hijacked || w.Header().Get("X-Sim-Fault") != "" {
		return
	}
	if route == nil {
		if tw.status != 404 || !strings.Contains(tw.buf.String(), `"name":"not_found"`) {
			v.fail("unknown route %s %s answered %d %s", r.Method, r.URL.Path, tw.status, tw.buf.String())
		}
		return
	}
	in := &openapi3filter.ResponseValidationInput{RequestValidationInput: reqIn, Status: tw.status, Header: w.Header(),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	in.SetBodyBytes(tw.buf.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		v.fail("response %d of %s %s breaks the spec: %v\nbody: %.600s", tw.status, r.Method, r.URL.Path, err, tw.buf.String())
	}
	v.mu.Lock()
	v.checked[route.Operation.OperationID]++
	v.mu.Unlock()
}

// teeWriter passes a response through and keeps a copy of it.
type teeWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
	hijacked    bool
	buf         bytes.Buffer
}

func (t *teeWriter) WriteHeader(code int) {
	if !t.wroteHeader {
		t.status, t.wroteHeader = code, true
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(b []byte) (int, error) {
	t.wroteHeader = true
	t.buf.Write(b)
	return t.ResponseWriter.Write(b)
}

func (t *teeWriter) Flush() {
	if f, ok := t.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (t *teeWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := t.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("not a hijacker")
	}
	t.hijacked = true
	return hj.Hijack()
}

// fixture is a simulator behind an httptest server with the validator.
type fixture struct {
	t      *testing.T
	s      *Server
	ts     *httptest.Server
	v      *validator
	key    auth.Key
	client *bithumb.Client
}

// start is 2026-01-05 12:00 KST (a Monday).
var testStart = time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)

func newFixture(t *testing.T, opts ...Option) *fixture {
	t.Helper()
	s, err := New(append([]Option{WithConfig(Config{HistoryDays: 40})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	v := &validator{doc: specDoc(t), s: s, next: s, checked: map[string]int{}}
	ts := httptest.NewServer(v)
	f := &fixture{t: t, s: s, ts: ts, v: v, key: s.Keys()[0]}
	f.client = f.newClient(f.key)
	t.Cleanup(func() {
		ts.Close()
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		v.mu.Lock()
		defer v.mu.Unlock()
		for _, e := range v.errs {
			t.Error(e)
		}
	})
	return f
}

func (f *fixture) newClient(k auth.Key, opts ...bithumb.Option) *bithumb.Client {
	f.t.Helper()
	// Client-side limits and retries are off so that each call is one
	// request; tests that want them pass their own options.
	c, err := bithumb.New(append([]bithumb.Option{bithumb.WithBaseURL(f.ts.URL), bithumb.WithKeys(k.AccessKey, k.SecretKey),
		bithumb.WithHTTPClient(f.ts.Client()), bithumb.WithoutRateLimit(), bithumb.WithMaxAttempts(1)}, opts...)...)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}
