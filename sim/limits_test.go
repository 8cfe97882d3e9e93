package sim

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/auth"
)

// TestHostileDecimalsInOrderRequests sends POST /v2/orders with a price or
// volume of a million digits (as a JSON string or number) or 1e-65536: the
// simulator answers 400 invalid_parameter, places nothing, and the whole
// exchange (client side, test validator and server) allocates tens of
// megabytes at most, not gigabytes. It does not run in parallel: it reads
// the process-wide allocation counter.
func TestHostileDecimalsInOrderRequests(t *testing.T) {
	f := newFixture(t)
	f.v.allowBad(true)
	digits := strings.Repeat("1234567890", 100_000)
	tests := []struct{ name, body string }{
		{"price string of 1M digits", `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"` + digits + `","volume":"1"}`},
		{"price number of 1M digits", `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":` + digits + `,"volume":"1"}`},
		{"price 1e-65536", `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"1e-65536","volume":"1"}`},
		{"volume fraction of 1M digits", `{"market":"KRW-BTC","side":"ask","order_type":"market","volume":"0.` + digits + `"}`},
	}
	for i, tt := range tests {
		name, body := tt.name, tt.body
		hs, err := auth.BodyHashString([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		st, out := f.sendJWT("POST", "/v2/orders", "", body, claims(f.key, "hostile-"+strconv.Itoa(i), time.Now(), hs), f.key.SecretKey)
		runtime.ReadMemStats(&after)
		if st != http.StatusBadRequest || errorName(out) != "invalid_parameter" {
			t.Errorf("%s: %d %v, want 400 invalid_parameter", name, st, out)
		}
		if b := after.TotalAlloc - before.TotalAlloc; b > 64<<20 {
			t.Errorf("%s: the request allocated %d MiB", name, b>>20)
		}
	}
	open, err := f.client.ListOrders(context.Background(), bithumb.ListOrdersParams{})
	if err != nil || len(open) != 0 {
		t.Errorf("open orders after hostile requests: %v %v", open, err)
	}
}

// TestHostileDecimalInLegacyForm sends the legacy POST /trade/place with a
// price of a million digits or 1e-65536 in its form body: it is refused
// with 5500 Invalid Parameter, nothing is placed, and the request
// allocates tens of megabytes at most. It does not run in parallel: it
// reads the process-wide allocation counter.
func TestHostileDecimalInLegacyForm(t *testing.T) {
	f := newFixture(t)
	f.v.allowBad(true)
	for _, price := range []string{strings.Repeat("1234567890", 100_000), "1e-65536"} {
		form := url.Values{}
		form.Set("endpoint", "/trade/place")
		form.Set("order_currency", "BTC")
		form.Set("payment_currency", "KRW")
		form.Set("units", "0.001")
		form.Set("price", price)
		form.Set("type", "bid")
		body := form.Encode()
		nonce := strconv.FormatInt(time.Now().UnixMilli(), 10)
		req, _ := http.NewRequest("POST", f.ts.URL+"/trade/place", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Api-Key", f.key.AccessKey)
		req.Header.Set("Api-Nonce", nonce)
		req.Header.Set("Api-Sign", auth.LegacySign(f.key.SecretKey, "/trade/place", body, nonce, 0))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		resp, err := f.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
			t.Errorf("price %.20s…: the request allocated %d MiB", price, n>>20)
		}
		var out struct {
			Status string `json:"status"`
		}
		if err := json.Unmarshal(b, &out); err != nil || out.Status != "5500" {
			t.Errorf("price %.20s…: HTTP %d %.200s, want status 5500", price, resp.StatusCode, b)

		}
	}
	open, err := f.client.ListOrders(context.Background(), bithumb.ListOrdersParams{})
	if err != nil || len(open) != 0 {
		t.Errorf("open orders after hostile requests: %v %v", open, err)
	}
}
