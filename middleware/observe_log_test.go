package middleware

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// TestObserveLogsEveryAttempt checks the Observe layer's log record of an
// attempt: its level, its attributes, and that neither the query string
// nor the URL of a transport error reaches it.
func TestObserveLogsEveryAttempt(t *testing.T) {
	for _, tt := range []struct {
		name      string
		status    int
		err       error
		wantLevel string
		want      map[string]any
	}{
		{"success", 200, nil, "DEBUG", map[string]any{"status": 200.0}},
		{"a 3xx is no failure", 302, nil, "DEBUG", map[string]any{"status": 302.0}},
		{"a 4xx is a warning", 400, nil, "WARN", map[string]any{"status": 400.0}},
		{"a 5xx is a warning", 503, nil, "WARN", map[string]any{"status": 503.0}},
		{"a transport error, without its URL", 0,
			&url.Error{Op: "Get", URL: "http://127.0.0.1/v1/orders?uuids[]=C0101000000000000001", Err: syscall.ECONNRESET},
			"WARN", map[string]any{"error": syscall.ECONNRESET.Error()}},
		{"an error that wraps nothing", 0, errors.New("boom"), "WARN", map[string]any{"error": "boom"}},
	} {
		synctest.Test(t, func(t *testing.T) {
			var buf bytes.Buffer
			logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			rt := Observe(0, logger)(RoundTripFunc(func(*http.Request) (*http.Response, error) {
				time.Sleep(250 * time.Millisecond) // on the bubble's clock
				if tt.err != nil {
					return nil, tt.err
				}
				return &http.Response{StatusCode: tt.status, Body: io.NopCloser(strings.NewReader("{}"))}, nil
			}))
			ctx := WithAttempt(WithEndpoint(t.Context(), Endpoint{OperationID: "listOrders", Category: "private-other"}), 3)
			req, _ := http.NewRequestWithContext(ctx, "GET", "http://127.0.0.1/v1/orders?uuids[]=C0101000000000000001", nil)
			if resp, err := rt.RoundTrip(req); err == nil {
				resp.Body.Close()
			}
			var rec map[string]any
			if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
				t.Fatalf("%s: %v in %q", tt.name, err, buf.String())
			}
			want := map[string]any{"level": tt.wantLevel, "msg": "bithumb request", "method": "GET", "path": "/v1/orders",
				"operation": "listOrders", "category": "private-other", "attempt": 3.0, "duration": float64(250 * time.Millisecond)}
			for k, v := range tt.want {
				want[k] = v
			}
			for k, v := range want {
				if rec[k] != v {
					t.Errorf("%s: %s = %v, want %v", tt.name, k, rec[k], v)
				}
			}
			if strings.Contains(buf.String(), "uuids") || strings.Contains(buf.String(), "C0101000000000000001") {
				t.Errorf("%s: the query string reached the log: %s", tt.name, buf.String())
			}
		})
	}
}
