package middleware_test

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb/middleware"
)

// A GET whose query came from a generated client (brackets percent-encoded,
// a cursor with "+/=") is rewritten to Bithumb's wire form and signed; the
// hash string keeps raw keys and values. The fixed clock and nonce make the
// token reproducible; leave them out in real code.
func ExampleJWTSigner_SignRequest() {
	signer, err := middleware.NewJWTSigner("test-access", "test-secret",
		middleware.WithJWTClock(func() time.Time { return time.UnixMilli(1717000000456) }),
		middleware.WithJWTNonceFunc(func() (string, error) { return "nonce-2", nil }),
	)
	if err != nil {
		log.Fatal(err)
	}

	req, err := http.NewRequest(http.MethodGet,
		"https://api.bithumb.com/v2/orders/pending?market=KRW-BTC&uuids%5B%5D=C01&uuids%5B%5D=C02&next_key=page%2B%2F%3D%3D", nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := signer.SignRequest(req); err != nil {
		log.Fatal(err)
	}
	hashString, err := middleware.QueryHashString(req.URL.RawQuery)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("wire: ", req.URL.RawQuery)
	fmt.Println("hash: ", hashString)
	fmt.Println("query_hash:", middleware.QueryHash(hashString)[:16]+"…")
	fmt.Println(strings.HasPrefix(req.Header.Get("Authorization"), "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."))

	// Token signs a hash string directly (private WebSocket handshakes call
	// Token("")). This is a known-answer vector from the test data.
	token, err := signer.Token("market=KRW-BTC&limit=10")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(token)
	// Output:
	// wire:  market=KRW-BTC&uuids[]=C01&uuids[]=C02&next_key=page%2B%2F%3D%3D
	// hash:  market=KRW-BTC&uuids[]=C01&uuids[]=C02&next_key=page+/==
	// query_hash: 1a65c5e4b18791bf…
	// true
	// eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhY2Nlc3Nfa2V5IjoidGVzdC1hY2Nlc3MiLCJub25jZSI6Im5vbmNlLTIiLCJ0aW1lc3RhbXAiOjE3MTcwMDAwMDA0NTYsInF1ZXJ5X2hhc2giOiJkODIxNGEwN2QwYjcxODFhYzkxNDg1Zjg4NWQ0MzQ5ZTlkZTY3MzNiYmQwODA2ZmVjMzEwMjUxOWEwYmExNDc5YjliZTU0MjQ1MDU1NzA2ZGE0MTNhNmU5MTZhOGE5NzhjMWZjMWE3OWU4ZTQ1OWQ1NGM0ZGU4ZmJlMmJjNzBjZCIsInF1ZXJ5X2hhc2hfYWxnIjoiU0hBNTEyIn0.WaCH4TpRIigfnZ2bK0k4YouWz4RVtPXb9oiKWcw8RCM
}

// A POST body is hashed in key order with numbers as written; the body
// itself is sent unchanged and can still be read.
func ExampleBodyHashString() {
	body := `{"batch_orders":[{"market":"KRW-BTC","side":"bid","price":84000000,"volume":0.001},{"market":"KRW-ETH","side":"ask","volume":"0.5"}]}`
	hashString, err := middleware.BodyHashString([]byte(body))
	if err != nil {
		log.Fatal(err)
	}
	for pair := range strings.SplitSeq(hashString, "&") {
		fmt.Println(pair)
	}
	// Output:
	// batch_orders[0][market]=KRW-BTC
	// batch_orders[0][side]=bid
	// batch_orders[0][price]=84000000
	// batch_orders[0][volume]=0.001
	// batch_orders[1][market]=KRW-ETH
	// batch_orders[1][side]=ask
	// batch_orders[1][volume]=0.5
}

// A legacy API 1.0 call: the signer puts endpoint first in the form body
// and sets the Api-* headers.
func ExampleHMACSigner_SignRequest() {
	signer, err := middleware.NewHMACSigner("test-connect", "test-secret",
		middleware.WithHMACClock(func() time.Time { return time.UnixMilli(1655283111604) }),
	)
	if err != nil {
		log.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, "https://api.bithumb.com/info/balance",
		strings.NewReader("order_currency=BTC&payment_currency=KRW"))
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := signer.SignRequest(req); err != nil {
		log.Fatal(err)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(body))
	fmt.Println(req.Header.Get("Api-Nonce"), req.Header.Get("Api-Client-Type"))
	fmt.Println(req.Header.Get("Api-Sign")[:20] + "…")
	// Output:
	// endpoint=%2Finfo%2Fbalance&order_currency=BTC&payment_currency=KRW
	// 1655283111604 0
	// ZjVlNDE2MzI3ZWU1MjJj…
}
