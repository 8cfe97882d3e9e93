package bithumb_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/middleware"
)

// TestTypedMethodsSendUserAgent: the requests of typed methods, public
// and signed, carry WithUserAgent's value, or bithumb-go/Version.
func TestTypedMethodsSendUserAgent(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		opts []bithumb.Option
		want string
	}{
		{nil, "bithumb-go/" + bithumb.Version},
		{[]bithumb.Option{bithumb.WithUserAgent("probe/2")}, "probe/2"},
	} {
		var got []string
		rt := middleware.RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			got = append(got, req.Header.Get("User-Agent"))
			body := `[]`
			if req.URL.Path == "/v1/orders/chance" {
				body = `{}`
			}
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Request: req,
				Body: io.NopCloser(bytes.NewReader([]byte(body)))}, nil
		})
		opts := append([]bithumb.Option{bithumb.WithTransport(rt), bithumb.WithKeys("useragent-access-key", "useragent-secret-key")}, tt.opts...)
		c, err := bithumb.New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListTickers(context.Background(), "KRW-BTC"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetOrderChance(context.Background(), "KRW-BTC"); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0] != tt.want || got[1] != tt.want {
			t.Errorf("User-Agent of the requests %q, want %q", got, tt.want)
		}
	}
}
