package bithumb

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/middleware"
)

// TestChainDoerAsHTTPClient: the typed methods' doer gives what an
// http.Client over the same transport gives: the same error (type, Op,
// URL without its password, wrapped cause) for every method, the same
// answer, and a redirect returned, not followed.
func TestChainDoerAsHTTPClient(t *testing.T) {
	t.Parallel()
	cause := errors.New("transport failure")
	failing := middleware.RoundTripFunc(func(*http.Request) (*http.Response, error) { return nil, cause })
	hc := &http.Client{Transport: failing}
	for _, method := range []string{"GET", "POST", "DELETE", "PATCH", "get", "Post", "MKCOL", ""} {
		for _, target := range []string{"https://api.example/v1/ticker?markets=KRW-BTC", "https://user:secret@api.example/v1/x"} {
			req, err := http.NewRequest(method, target, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, want := hc.Do(req)
			resp, got := chainDoer{failing}.Do(req)
			if resp != nil || fmt.Sprintf("%T %v", got, got) != fmt.Sprintf("%T %v", want, want) || !errors.Is(got, cause) {
				t.Errorf("%s %s: %T %v, http.Client gives %T %v", method, target, got, got, want, want)
			}
			if strings.Contains(got.Error(), "secret") {
				t.Errorf("%s %s: the password is in %q", method, target, got)
			}
		}
	}

	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, "path "+r.URL.Path)
	}))
	t.Cleanup(ts.Close)
	_, _, chain, err := newChain([]Option{WithTransport(ts.Client().Transport), WithRateLimit("public-ticker", middleware.MaxPerSecond)})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"/moved": "302 ", "/v1/ticker": "200 path /v1/ticker"} {
		req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := chainDoer{chain.Transport}.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := fmt.Sprintf("%d %s", resp.StatusCode, body); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want %q...", path, got, want)
		}
	}
}
