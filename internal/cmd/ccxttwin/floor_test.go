package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http/httptrace"
	"regexp"
	"strings"
	"testing"
)

// TestRawCalls makes each raw call against the simulator, which checks
// their tokens with its own code, and checks what they decoded. The calls
// keep one connection alive, as the SDK's do: a floor that dialled on
// every call would measure the dial.
func TestRawCalls(t *testing.T) {
	url := startBenchSim(t)
	r, err := newRawClient(url)
	if err != nil {
		t.Fatal(err)
	}
	dials := 0
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			if !info.Reused {
				dials++
			}
		},
	})
	for range 2 {
		tickers, err := r.ticker(ctx)
		if err != nil || len(tickers) != 1 || tickers[0].Market != market || tickers[0].TradePrice <= 0 {
			t.Fatalf("ticker = %+v, %v", tickers, err)
		}
		books, err := r.orderbook(ctx)
		if err != nil || len(books) != 1 || books[0].Market != market || len(books[0].OrderbookUnits) == 0 || books[0].OrderbookUnits[0].AskPrice <= 0 {
			t.Fatalf("orderbook = %+v, %v", books, err)
		}
		chance, err := r.chance(ctx)
		if err != nil || chance.Market.ID != market || chance.BidFee == "" || chance.BidAccount.Currency != "KRW" || chance.BidAccount.Balance == "" {
			t.Fatalf("chance = %+v, %v", chance, err)
		}
		accounts, err := r.accounts(ctx)
		if err != nil || len(accounts) == 0 || accounts[0].Currency == "" || accounts[0].Balance <= 0 {
			t.Fatalf("accounts = %+v, %v", accounts, err)
		}
		placed, err := r.place(ctx)
		if err != nil || placed.OrderID == "" || placed.Market != market || placed.Side != "bid" {
			t.Fatalf("place = %+v, %v", placed, err)
		}
		if !regexp.MustCompile(`^[A-Za-z0-9_-]{1,36}$`).MatchString(placed.ClientOrderID) {
			t.Errorf("client_order_id %q does not match the spec's pattern", placed.ClientOrderID)
		}
		cancelled, err := r.cancel(ctx, placed.OrderID)
		if err != nil || cancelled.OrderID != placed.OrderID || cancelled.ClientOrderID != placed.ClientOrderID {
			t.Fatalf("cancel of %+v = %+v, %v", placed, cancelled, err)
		}
	}
	if dials != 1 {
		t.Errorf("the raw calls dialled %d connections, want 1", dials)
	}
}

func TestRawClientNeedsKeys(t *testing.T) {
	t.Setenv("BITHUMB_ACCESS_KEY", "")
	t.Setenv("BITHUMB_SECRET_KEY", "secret")
	if _, err := newRawClient("http://127.0.0.1:1"); err == nil {
		t.Fatal("newRawClient without an access key: no error")
	}
}

// TestRawToken decodes the raw calls' tokens: the header, the claims with
// a UUID v4 nonce, and the query hash only for a request with parameters.
func TestRawToken(t *testing.T) {
	t.Setenv("BITHUMB_ACCESS_KEY", `access"key`)
	t.Setenv("BITHUMB_SECRET_KEY", "secret")
	r, err := newRawClient("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	uuid4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	sum := sha512.Sum512([]byte("market=KRW-BTC"))
	for hashString, wantHash := range map[string]string{"": "", "market=KRW-BTC": hex.EncodeToString(sum[:])} {
		auth := r.token(hashString)
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		parts := strings.Split(tok, ".")
		if !ok || len(parts) != 3 {
			t.Fatalf("token(%q) = %q: not a bearer JWT", hashString, auth)
		}
		header, err := base64.RawURLEncoding.DecodeString(parts[0])
		if err != nil || string(header) != `{"alg":"HS256","typ":"JWT"}` {
			t.Errorf("header = %q, %v", header, err)
		}
		mac := hmac.New(sha256.New, []byte("secret"))
		mac.Write([]byte(parts[0] + "." + parts[1]))
		if got := base64.RawURLEncoding.EncodeToString(mac.Sum(nil)); got != parts[2] {
			t.Errorf("signature %s, want %s", parts[2], got)
		}
		raw, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		var claims map[string]any
		if err := json.Unmarshal(raw, &claims); err != nil {
			t.Fatalf("claims %s: %v", raw, err)
		}
		nonce, _ := claims["nonce"].(string)
		ts, _ := claims["timestamp"].(float64)
		hash, hasHash := claims["query_hash"]
		if claims["access_key"] != `access"key` || !uuid4.MatchString(nonce) || ts < 1e12 {
			t.Errorf("claims = %s", raw)
		}
		if wantHash == "" && (hasHash || len(claims) != 3) || wantHash != "" && (hash != wantHash || claims["query_hash_alg"] != "SHA512" || len(claims) != 5) {
			t.Errorf("token(%q): claims = %s, want query_hash %q", hashString, raw, wantHash)
		}
	}
}
