package crosscheck

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/sim/auth"
)

const (
	testAccess = "crosscheck-access-key"
	testSecret = "crosscheck-secret-key-0123456789"
)

// fixedNow is the clock of both sides, so no signature ever expires.
var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func clock() time.Time { return fixedNow }

func newVerifier() *auth.Verifier {
	return auth.NewVerifier([]auth.Key{{AccessKey: testAccess, SecretKey: testSecret, Account: "acct"}},
		auth.Options{Now: clock})
}

// paramSet splits a fuzz input into key/value pairs: pairs are separated by
// "\n" and a key from its value by the first "\t". When brackets is true,
// every key that does not end in "[]" gets it, as array parameters do
// (uuids[]=a&uuids[]=b).
func paramSet(spec string, brackets bool) [][2]string {
	var pairs [][2]string
	for line := range strings.SplitSeq(spec, "\n") {
		if line == "" {
			continue
		}
		k, v, _ := strings.Cut(line, "\t")
		if brackets && !strings.HasSuffix(k, "[]") {
			k += "[]"
		}
		pairs = append(pairs, [2]string{k, v})
	}
	return pairs
}

// encodeParams encodes pairs in order the way url.Values.Encode encodes
// each pair (the generated client's encoder), keeping their order.
func encodeParams(pairs [][2]string) string {
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = url.QueryEscape(p[0]) + "=" + url.QueryEscape(p[1])
	}
	return strings.Join(parts, "&")
}

// rawHashString is the hash string of pairs by definition: raw key=value
// pairs in order, joined by "&".
func rawHashString(pairs [][2]string) string {
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p[0] + "=" + p[1]
	}
	return strings.Join(parts, "&")
}

var paramSeeds = []struct {
	spec     string
	brackets bool
}{
	{"market\tKRW-BTC", false},
	{"uuids[]\ta\nuuids[]\tb", false},
	{"uuids\tx\nuuids\ty", true},
	{"markets\tKRW-BTC,KRW-ETH\nstate\twait", false},
	{"next_key\tpage+/==\nlimit\t100", false},
	{"memo\t빗썸 입금 메모\n이름\t홍길동", false},
	{"a&b\tc=d\ne%f\t+ +\nsp ace\t 1 ", false},
	{"k\t%zz\n%41\t%2B", false},
	{"\t\nempty\t", false},
	{"brackets[x]\t[]\n[]\t]", true},
	{"emoji\t😀\nnul\t\x00", false},
}

// FuzzQueryHashAgreement feeds parameter sets through the client's signing
// and the simulator's verification. The parameters are encoded as the
// generated client encodes them, signed by middleware.JWTSigner (which
// rewrites the query to its canonical wire form), sent through a URL
// round trip, and then
//   - the client's hash string (middleware.QueryHashString of the wire
//     query) equals the simulator's (auth.QueryHashString of the received
//     query), and both equal the raw key=value pairs of the parameter set;
//   - the simulator's VerifyJWT accepts the signed request.
func FuzzQueryHashAgreement(f *testing.F) {
	for _, s := range paramSeeds {
		f.Add(s.spec, s.brackets)
	}
	f.Fuzz(func(t *testing.T, spec string, brackets bool) {
		pairs := paramSet(spec, brackets)
		raw := encodeParams(pairs)
		want := rawHashString(pairs)

		signer, err := middleware.NewJWTSigner(testAccess, testSecret, middleware.WithJWTClock(clock))
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequest(http.MethodGet, "http://sim.test/v1/orders", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.RawQuery = raw
		if err := signer.SignRequest(req); err != nil {
			t.Fatalf("SignRequest(%q): %v", raw, err)
		}
		// What the server receives: the URL as written on the wire.
		received, err := url.Parse(req.URL.String())
		if err != nil {
			t.Fatalf("wire URL %q does not parse: %v", req.URL.String(), err)
		}
		if received.RawQuery != req.URL.RawQuery {
			t.Fatalf("query changed on the wire: %q -> %q", req.URL.RawQuery, received.RawQuery)
		}

		clientHS, err := middleware.QueryHashString(received.RawQuery)
		if err != nil {
			t.Fatalf("client QueryHashString(%q): %v", received.RawQuery, err)
		}
		simHS, ok := auth.QueryHashString(received.RawQuery)
		if !ok {
			t.Fatalf("simulator rejects the encoding of %q", received.RawQuery)
		}
		if clientHS != simHS {
			t.Fatalf("hash strings differ for %q:\nclient    %q\nsimulator %q", received.RawQuery, clientHS, simHS)
		}
		if clientHS != want {
			t.Fatalf("hash string of %q = %q, want the raw pairs %q", received.RawQuery, clientHS, want)
		}

		ar := auth.Request{
			Method:   req.Method,
			Path:     received.Path,
			RawQuery: received.RawQuery,
			Header:   req.Header,
			RemoteIP: "127.0.0.1",
		}
		if _, aerr := newVerifier().VerifyJWT(ar, auth.ScopeOrderRead); aerr != nil {
			t.Fatalf("simulator rejects the client's token for %q: %v", received.RawQuery, aerr)
		}
	})
}

// FuzzRawQueryHash compares the two hash-string implementations on
// arbitrary raw query text, as a server may receive it from any client:
// they accept and reject the same queries and agree on the result.
func FuzzRawQueryHash(f *testing.F) {
	for _, seed := range []string{
		"a=1&b=2", "uuids%5B%5D=a&uuids[]=b", "next_key=page%2B%2F%3D%3D", "a+b=c+d",
		"&&=&k", "x=%zz", "q=%ED%99%8D", "k==v=", "%", "a=%2", "한=글",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		clientHS, err := middleware.QueryHashString(raw)
		simHS, ok := auth.QueryHashString(raw)
		if (err == nil) != ok {
			t.Fatalf("QueryHashString(%q): client error %v, simulator ok %v", raw, err, ok)
		}
		if ok && clientHS != simHS {
			t.Fatalf("QueryHashString(%q): client %q, simulator %q", raw, clientHS, simHS)
		}
		if !ok {
			return
		}
		// The client's wire form hashes to the simulator's hash string too.
		wire, err := middleware.CanonicalQuery(raw)
		if err != nil {
			t.Fatalf("CanonicalQuery(%q): %v", raw, err)
		}
		if s, ok := auth.QueryHashString(wire); !ok || s != simHS {
			t.Fatalf("simulator hash of the wire form %q = %q (ok %v), want %q", wire, s, ok, simHS)
		}
	})
}

// FuzzLegacyHMAC signs legacy API 1.0 requests with middleware.HMACSigner
// and verifies them with the simulator's auth.Verifier.VerifyHMAC:
//   - Api-Sign always equals auth.LegacySign over the signed path, body and
//     nonce, for every separator;
//   - the signed body starts with endpoint=<path> and keeps the other pairs;
//   - a body made of encoded parameters is accepted by the simulator.
func FuzzLegacyHMAC(f *testing.F) {
	for _, s := range []struct {
		path, spec string
		clientType uint8
	}{
		{"/info/balance", "currency\tBTC", 0},
		{"/trade/place", "order_currency\tBTC\npayment_currency\tKRW\nunits\t0.001\nprice\t84000000\ntype\tbid", 1},
		{"/info/orders", "endpoint\t/info/orders\ncount\t100", 2},
		{"/trade/btc_withdrawal", "address\t주소 &=+%\ndestination\t1 2", 0},
		{"/info/user_transactions", "", 1},
		{"/a b/ü", "k\t%zz", 2},
	} {
		f.Add(s.path, s.spec, s.clientType)
	}
	f.Fuzz(func(t *testing.T, path, spec string, clientType uint8) {
		if !strings.HasPrefix(path, "/") || !utf8.ValidString(path) {
			path = "/" + url.PathEscape(path)
		}
		ct := strconv.Itoa(int(clientType % 3))
		sep, _ := auth.LegacySeparator(ct)
		signer, err := middleware.NewHMACSigner(testAccess, testSecret,
			middleware.WithHMACClock(clock), middleware.WithHMACSeparator(ct))
		if err != nil {
			t.Fatal(err)
		}
		pairs := paramSet(spec, false)
		// A parameter named endpoint must carry the path (the signer
		// rejects any other value); give it the right one.
		for i := range pairs {
			if pairs[i][0] == "endpoint" {
				pairs[i][1] = path
			}
		}
		body := encodeParams(pairs)
		u := &url.URL{Scheme: "http", Host: "sim.test", Path: path}
		req, err := http.NewRequest(http.MethodPost, u.String(), strings.NewReader(body))
		if err != nil {
			t.Fatalf("NewRequest(%q): %v", u.String(), err)
		}
		if err := signer.SignRequest(req); err != nil {
			t.Fatalf("SignRequest(path %q, body %q): %v", path, body, err)
		}
		signed, err := req.GetBody()
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		if _, err := io.Copy(&sb, signed); err != nil {
			t.Fatal(err)
		}
		sent := sb.String()

		nonce := req.Header.Get("Api-Nonce")
		if got, want := req.Header.Get("Api-Sign"), auth.LegacySign(testSecret, req.URL.Path, sent, nonce, sep); got != want {
			t.Fatalf("Api-Sign %q, simulator computes %q", got, want)
		}
		if prefix := "endpoint=" + url.QueryEscape(path); sent != prefix && !strings.HasPrefix(sent, prefix+"&") {
			t.Fatalf("signed body %q does not start with %q", sent, prefix)
		}
		form, err := url.ParseQuery(sent)
		if err != nil {
			t.Fatalf("signed body %q is not a form: %v", sent, err)
		}
		for _, p := range pairs {
			if p[0] == "endpoint" {
				continue
			}
			if !contains(form[p[0]], p[1]) {
				t.Fatalf("signed body %q lost the pair %q=%q", sent, p[0], p[1])
			}
		}

		// What the server receives.
		received, err := url.Parse(req.URL.String())
		if err != nil {
			t.Fatalf("wire URL %q does not parse: %v", req.URL.String(), err)
		}
		ar := auth.Request{
			Method:   req.Method,
			Path:     received.Path,
			Body:     []byte(sent),
			Header:   req.Header,
			RemoteIP: "127.0.0.1",
		}
		if _, aerr := newVerifier().VerifyHMAC(ar, auth.ScopeAccount); aerr != nil {
			t.Fatalf("simulator rejects the client's legacy request (path %q, body %q): %v", path, sent, aerr)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// FuzzLegacyHMACRawBody signs arbitrary form bodies (as a caller may pass
// them, already encoded or not) on a legacy path. When the signer accepts
// a body:
//   - Api-Sign equals auth.LegacySign over the body as sent;
//   - the body sent is endpoint=<path> followed by the caller's non-empty
//     pairs, byte for byte and in order, minus any endpoint pair;
//   - if the caller's body is a valid form (url.ParseQuery accepts it), the
//     simulator accepts the request.
//
// The signer passes values through unchecked (it signs the bytes it
// sends), while the simulator rejects a body url.ParseQuery refuses
// ("a=%zz", "a;b"); such bodies are outside the last property.
func FuzzLegacyHMACRawBody(f *testing.F) {
	for _, seed := range []string{
		"", "currency=BTC", "order_currency=BTC&payment_currency=KRW&units=0.001",
		"endpoint=%2Finfo%2Fbalance&currency=ETH", "a=%zz", "a;b=1", "&&x&y=", "memo=%EB%B9%97%EC%8D%B8+1",
		"endpoint=/info/balance", "endpoin%74=%2Finfo%2Fbalance&k=v",
	} {
		f.Add(seed)
	}
	const path = "/info/balance"
	f.Fuzz(func(t *testing.T, body string) {
		signer, err := middleware.NewHMACSigner(testAccess, testSecret, middleware.WithHMACClock(clock))
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequest(http.MethodPost, "http://sim.test"+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if err := signer.SignRequest(req); err != nil {
			return // refused: nothing is sent
		}
		signed, err := req.GetBody()
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		if _, err := io.Copy(&sb, signed); err != nil {
			t.Fatal(err)
		}
		sent := sb.String()
		if got, want := req.Header.Get("Api-Sign"), auth.LegacySign(testSecret, path, sent, req.Header.Get("Api-Nonce"), 0); got != want {
			t.Fatalf("Api-Sign %q, simulator computes %q", got, want)
		}
		want := []string{"endpoint=" + url.QueryEscape(path)}
		for seg := range strings.SplitSeq(body, "&") {
			k, _, _ := strings.Cut(seg, "=")
			if key, err := url.QueryUnescape(k); seg == "" || (err == nil && key == "endpoint") {
				continue
			}
			want = append(want, seg)
		}
		if w := strings.Join(want, "&"); sent != w {
			t.Fatalf("body %q sent as %q, want %q", body, sent, w)
		}
		if _, err := url.ParseQuery(body); err != nil {
			return
		}
		ar := auth.Request{Method: req.Method, Path: path, Body: []byte(sent), Header: req.Header, RemoteIP: "127.0.0.1"}
		if _, aerr := newVerifier().VerifyHMAC(ar, auth.ScopeAccount); aerr != nil {
			t.Fatalf("simulator rejects the client's legacy request with body %q: %v", sent, aerr)
		}
	})
}
