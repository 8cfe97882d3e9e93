package directhttp

import (
	"bufio"
	"bytes"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// trackedBody is a request body that records whether it was read and
// closed.
type trackedBody struct {
	r            io.Reader
	read, closed bool
}

func (b *trackedBody) Read(p []byte) (int, error) { b.read = true; return b.r.Read(p) }
func (b *trackedBody) Close() error               { b.closed = true; return nil }

// reqSpec describes a request, so that two equal ones can be built.
type reqSpec struct {
	method, host, target string
	header               http.Header
	body                 string // "" with hasBody false: no body
	hasBody, noBody      bool   // noBody: http.NoBody
	length               int64
	close                bool
	transferEncoding     []string
	trailer              http.Header
}

func (s reqSpec) build(t *testing.T) (*http.Request, *trackedBody) {
	t.Helper()
	u, err := url.Parse(s.target)
	if err != nil {
		t.Fatal(err)
	}
	req := &http.Request{Method: s.method, URL: u, Host: s.host, Header: s.header.Clone(), ContentLength: s.length,
		Close: s.close, TransferEncoding: s.transferEncoding, Trailer: s.trailer}
	var tb *trackedBody
	switch {
	case s.noBody:
		req.Body = http.NoBody
	case s.hasBody:
		tb = &trackedBody{r: strings.NewReader(s.body)}
		req.Body = tb
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	return req, tb
}

// TestWriteRequestAsRequestWrite: for requests of many shapes that check
// accepts, what writeRequest writes is byte for byte what
// http.Request.Write writes, with the same error; the requests it declines
// are left untouched for Request.Write.
func TestWriteRequestAsRequestWrite(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	methods := []string{"", "GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "CONNECT", "X-CUSTOM"}
	hosts := []string{"", "api.bithumb.com", "127.0.0.1:8080", "[::1]:443", "ex_ample.com", "bücher.de", "[fe80::1%25en0]:80", "a b", "api.bithumb.com:"}
	targets := []string{"http://api.bithumb.com/v1/orders?market=KRW-BTC&uuids[]=a&uuids[]=b", "https://api.bithumb.com/",
		"http://127.0.0.1:8080/a%20b/c?x=%2F", "http://api.bithumb.com", "http://[::1]:443/v2/order?order_id=C0101", "http://bücher.de/x",
		"http://h/p?q=1#frag"}
	headerFields := []struct{ k, v string }{
		{"Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"}, {"Content-Type", "application/json"}, {"Accept", "  */*  "},
		{"X-Multi", "one"}, {"X-Multi", "two"}, {"User-Agent", "bithumb-go/1.0"}, {"User-Agent", ""}, {"User-Agent", "  spaced ua\t"},
		{"user-agent", "lower"}, {"Host", "other.example"}, {"Content-Length", "99"}, {"Transfer-Encoding", "chunked"}, {"Trailer", "X"},
		{"X-Empty", ""}, {"X-Tab", "a\tb"}, {"X-Newline", "a\r\nInjected: yes"}, {"Bad Name", "v"}, {"X-Ctl", "a\x00b"},
	}
	handled := 0
	for i := range 20000 {
		s := reqSpec{method: methods[rng.IntN(len(methods))], target: targets[rng.IntN(len(targets))], header: http.Header{}}
		if rng.IntN(3) == 0 {
			s.host = hosts[rng.IntN(len(hosts))]
		}
		for range rng.IntN(6) {
			f := headerFields[rng.IntN(len(headerFields))]
			s.header[f.k] = append(s.header[f.k], f.v)
		}
		switch rng.IntN(8) {
		case 0:
			s.noBody = true
		case 1, 2:
			s.hasBody, s.body = true, `{"market":"KRW-BTC","side":"bid"}`
			s.length = int64(len(s.body))
		case 3:
			s.hasBody, s.body = true, "abc"
			s.length = []int64{-1, 0, 2, 4}[rng.IntN(4)] // unknown, or wrong
		}
		switch rng.IntN(12) {
		case 0:
			s.close = true
		case 1:
			s.transferEncoding = []string{"chunked"}
		case 2:
			s.trailer = http.Header{"X-Trailer": nil}
		case 3:
			s.length = 5 // without a body
		}

		want, wantBody := s.build(t)
		var wantBuf bytes.Buffer
		wantErr := want.Write(&wantBuf)

		got, gotBody := s.build(t)
		if _, err := check(got); err != nil {
			continue // RoundTrip refuses it before writing anything
		}
		var gotBuf bytes.Buffer
		w := bufio.NewWriter(&gotBuf)
		ok, gotErr := writeRequest(w, got)
		if !ok {
			if w.Buffered() != 0 || gotBuf.Len() != 0 || (gotBody != nil && (gotBody.read || gotBody.closed)) {
				t.Fatalf("case %d %+v: declined, but wrote or touched the body", i, s)
			}
			continue
		}
		handled++
		w.Flush()
		if gotBuf.String() != wantBuf.String() {
			t.Fatalf("case %d %+v:\nwriteRequest:\n%q\nRequest.Write:\n%q", i, s, gotBuf.String(), wantBuf.String())
		}
		if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Fatalf("case %d %+v: error %v, Request.Write's %v", i, s, gotErr, wantErr)
		}
		if gotBody != nil && gotBody.closed != wantBody.closed {
			t.Fatalf("case %d %+v: body closed %v, Request.Write's %v", i, s, gotBody.closed, wantBody.closed)
		}
	}
	if handled < 3000 {
		t.Errorf("only %d of 20000 requests handled", handled)
	}
}

// TestWriteRequestTakesTheClientsRequests: the requests of the client's
// calls (a signed GET with a query, a POST with a JSON body, a DELETE)
// take the fast path.
func TestWriteRequestTakesTheClientsRequests(t *testing.T) {
	h := http.Header{"Authorization": {"Bearer x.y.z"}, "User-Agent": {"bithumb-go/1"}}
	for _, s := range []reqSpec{
		{method: "GET", target: "https://api.bithumb.com/v1/orders/chance?market=KRW-BTC", header: h},
		{method: "POST", target: "https://api.bithumb.com/v2/orders", header: http.Header{"Content-Type": {"application/json"}}, hasBody: true, body: "{}", length: 2},
		{method: "DELETE", target: "https://api.bithumb.com/v2/order?order_id=C1", header: h},
		{method: "GET", target: "https://api.bithumb.com/v1/ticker?markets=KRW-BTC", noBody: true},
	} {
		req, _ := s.build(t)
		if ok, err := writeRequest(bufio.NewWriter(io.Discard), req); !ok || err != nil {
			t.Errorf("%s %s: handled %v, %v", s.method, s.target, ok, err)
		}
	}
}

// TestCheckHeader: names that are not tokens and values with control
// characters other than tab are refused, naming the field but not the
// value.
func TestCheckHeader(t *testing.T) {
	for _, tt := range []struct {
		h    http.Header
		want string
	}{
		{http.Header{"X-Ok": {"a\tb c"}, "Authorization": {"Bearer s3cret"}}, ""},
		{http.Header{"Bad Name": {"v"}}, `directhttp: invalid header field name "Bad Name"`},
		{http.Header{"": {"v"}}, `directhttp: invalid header field name ""`},
		{http.Header{"Authorization": {"Bearer s3cret\r\nX: y"}}, `directhttp: invalid header field value for "Authorization"`},
		{http.Header{"X": {"a\x7fb"}}, `directhttp: invalid header field value for "X"`},
		{http.Header{"X": {"ok", "a\x00"}}, `directhttp: invalid header field value for "X"`},
	} {
		err := checkHeader(tt.h)
		if got := ""; err != nil {
			got = err.Error()
			if got != tt.want {
				t.Errorf("%v: %q, want %q", tt.h, got, tt.want)
			}
			if strings.Contains(got, "s3cret") {
				t.Errorf("the error shows the value: %q", got)
			}
		} else if tt.want != "" {
			t.Errorf("%v: no error, want %q", tt.h, tt.want)
		}
	}
}

// BenchmarkWriteRequest writes a signed order placement with writeRequest
// (direct) and with http.Request.Write (request-write).
func BenchmarkWriteRequest(b *testing.B) {
	body := `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"100000000","volume":"0.0001","client_order_id":"abc"}`
	u, _ := url.Parse("https://api.bithumb.com/v2/orders")
	build := func() *http.Request {
		return &http.Request{Method: "POST", URL: u, ContentLength: int64(len(body)), Body: io.NopCloser(strings.NewReader(body)),
			Header: http.Header{"Authorization": {"Bearer " + strings.Repeat("x", 300)}, "Content-Type": {"application/json"}, "User-Agent": {"bithumb-go/1"}}}
	}
	w := bufio.NewWriter(io.Discard)
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if ok, err := writeRequest(w, build()); !ok || err != nil {
				b.Fatal(ok, err)
			}
		}
	})
	b.Run("request-write", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := build().Write(w); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestIsToken: the token characters are RFC 9110's: letters, digits and
// !#$%&'*+-.^_`|~, and no byte beyond ASCII.
func TestIsToken(t *testing.T) {
	for c := range 256 {
		want := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", byte(c)) >= 0
		if got := isToken(string([]byte{byte(c)})); got != want {
			t.Errorf("isToken(%q) = %v, want %v", c, got, want)
		}
	}
	if isToken("") {
		t.Error(`isToken("") = true`)
	}
}

// TestIsPlainHost: letters, digits, '.', '-', ':', '[', ']' and '_' make a
// plain host; anything else (a zone's '%', a space, beyond ASCII) does not.
func TestIsPlainHost(t *testing.T) {
	for c := range 256 {
		want := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".-:[]_", byte(c)) >= 0
		if got := isPlainHost("h" + string([]byte{byte(c)})); got != want {
			t.Errorf("isPlainHost(%q) = %v, want %v", "h"+string([]byte{byte(c)}), got, want)
		}
	}
	if isPlainHost("") {
		t.Error(`isPlainHost("") = true`)
	}
}

// TestWriteRequestControlCharacters: a target with a control character
// (a raw query can hold one) is left to Request.Write, which refuses it;
// a space or a tilde is written as Request.Write writes it.
func TestWriteRequestControlCharacters(t *testing.T) {
	for _, c := range []byte{0x00, 0x1f, 0x7f, ' ', '~'} {
		build := func() *http.Request {
			u := &url.URL{Scheme: "http", Host: "h", Path: "/p", RawQuery: "a=" + string([]byte{c})}
			return &http.Request{Method: "GET", URL: u, Header: http.Header{}}
		}
		var got, want bytes.Buffer
		w := bufio.NewWriter(&got)
		ok, err := writeRequest(w, build())
		w.Flush()
		wantErr := build().Write(&want)
		control := c < ' ' || c == 0x7f
		switch {
		case control && (ok || wantErr == nil):
			t.Errorf("%#x: handled %v; Request.Write's error %v", c, ok, wantErr)
		case !control && (!ok || err != nil || got.String() != want.String()):
			t.Errorf("%#x: handled %v, %v, %q; Request.Write %q", c, ok, err, got.String(), want.String())
		}
	}
}
