package middleware_test

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

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
	fmt.Println(strings.HasPrefix(req.Header.Get("Authorization"), "Bearer "))

	// Token signs a hash string directly (private WebSocket handshakes call
	// Token("")). Whoever holds the secret key can verify the token, here
	// with golang-jwt; its claims are those of the known-answer vector in
	// the test data.
	token, err := signer.Token("market=KRW-BTC&limit=10")
	if err != nil {
		log.Fatal(err)
	}
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(token, claims,
		func(*jwt.Token) (any, error) { return []byte("test-secret"), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithJSONNumber())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(claims["access_key"], claims["nonce"], claims["timestamp"], claims["query_hash_alg"])
	fmt.Println("query_hash:", claims["query_hash"].(string)[:16]+"…")
	// Output:
	// wire:  market=KRW-BTC&uuids[]=C01&uuids[]=C02&next_key=page%2B%2F%3D%3D
	// hash:  market=KRW-BTC&uuids[]=C01&uuids[]=C02&next_key=page+/==
	// query_hash: 1a65c5e4b18791bf…
	// true
	// test-access nonce-2 1717000000456 SHA512
	// query_hash: d8214a07d0b7181a…
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
