package directhttp_test

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentCalls: many goroutines calling at once each get the
// answer to their own request, over no more connections than calls at
// once.
func TestConcurrentCalls(t *testing.T) {
	const goroutines, calls = 32, 50
	for _, tlsOn := range []bool{false, true} {
		s := newTestServer(t, tlsOn, func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			fmt.Fprintf(w, "%s|%s", r.URL.Path, b)
		})
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				for i := range calls {
					method, body := http.MethodGet, ""
					if i%2 == 1 {
						method, body = http.MethodPost, fmt.Sprintf("body-%d-%d", g, i)
					}
					path := fmt.Sprintf("/g%d/c%d", g, i)
					req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, nil)
					if body != "" {
						req, err = http.NewRequestWithContext(t.Context(), method, s.URL+path, stringsReader(body))
					}
					if err != nil {
						t.Error(err)
						return
					}
					got, err := drain(s.tr.RoundTrip(req))
					if want := path + "|" + body; got != want || err != nil {
						t.Errorf("tls=%v: %s %s: %q, %v; want %q", tlsOn, method, path, got, err, want)
						return
					}
				}
			})
		}
		wg.Wait()
		if n := s.conns.Load(); n > goroutines {
			t.Errorf("tls=%v: %d connections for %d goroutines", tlsOn, n, goroutines)
		}
	}
}
