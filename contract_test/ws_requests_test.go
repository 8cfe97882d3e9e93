package contract_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/time/rate"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/spec"
	"github.com/bithumb-go/bithumb/wsclient"
)

// requestRecorder is a WebSocket server on loopback that sends nothing
// and hands every text message it receives to its channel.
func requestRecorder(t *testing.T) (*httptest.Server, <-chan []byte) {
	t.Helper()
	got := make(chan []byte, 64)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			_, data, err := c.Read(r.Context())
			if err != nil {
				return
			}
			select {
			case got <- data:
			default:
			}
		}
	}))
	t.Cleanup(ts.Close)
	return ts, got
}

// TestWSClientRequestsMatchSpec: the subscription requests that wsclient
// sends, public and private, in both formats, with levels, depth suffixes
// and snapshot flags, validate against WsSubscriptionRequest with no field
// the schema lacks.
func TestWSClientRequestsMatchSpec(t *testing.T) {
	doc := loadSpec(t)
	ref := doc.Components.Schemas[wsRequestSchema]
	if ref == nil || ref.Value == nil {
		t.Fatalf("the spec has no schema %s", wsRequestSchema)
	}
	schema := spec.WSMessage{Name: wsRequestSchema, Schema: ref.Value}
	signer, err := middleware.NewJWTSigner("access-key-for-tests", "secret-key-for-tests")
	if err != nil {
		t.Fatal(err)
	}
	snapshotBook := wsclient.Orderbooks("KRW-BTC.5", "KRW-ETH")
	snapshotBook.Level, snapshotBook.OnlySnapshot = decimal.NewFromInt(1000), true
	realtimeTrades := wsclient.Trades("KRW-BTC")
	realtimeTrades.OnlyRealtime = true
	cases := []struct {
		name    string
		private bool
		streams []wsclient.Stream
	}{
		{"public", false, []wsclient.Stream{wsclient.Tickers("KRW-BTC", "BTC-ETH"), realtimeTrades, snapshotBook}},
		{"private", true, []wsclient.Stream{wsclient.MyOrders(), wsclient.MyAssets(), wsclient.MyOrders("KRW-BTC")}},
	}
	for _, c := range cases {
		for _, format := range []wsclient.Format{wsclient.FormatDefault, wsclient.FormatSimple} {
			t.Run(c.name+" "+string(format), func(t *testing.T) {
				ts, got := requestRecorder(t)
				opts := wsclient.Options{
					URL:                 "ws" + strings.TrimPrefix(ts.URL, "http"),
					HTTPClient:          ts.Client(),
					Format:              format,
					DialLimiter:         rate.NewLimiter(rate.Inf, 1),
					PingInterval:        -1,
					StallTimeout:        -1,
					PrivateStallTimeout: -1,
					DisableTextPing:     true,
				}
				if c.private {
					opts.Signer = signer
				}
				client, err := wsclient.New(opts)
				if err != nil {
					t.Fatal(err)
				}
				defer client.Close()
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				for _, s := range c.streams {
					if _, err := client.Subscribe(ctx, s); err != nil {
						t.Fatalf("subscribe %v: %v", s, err)
					}
					var req []byte
					select {
					case req = <-got:
					case <-ctx.Done():
						t.Fatalf("no request after subscribing %v", s)
					}
					r, err := spec.ValidateWS(schema, req, false)
					if err == nil {
						err = reportError(r)
					}
					if err != nil {
						t.Errorf("request %s:\n%v", req, err)
					} else {
						t.Logf("valid: %s", req)
					}
				}
			})
		}
	}
}
