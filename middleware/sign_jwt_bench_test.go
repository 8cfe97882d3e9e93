package middleware

import (
	"net/http"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// BenchmarkSign measures building a request with http.NewRequest and
// signing it with a JWT that carries a query_hash, with the default clock
// and random UUID nonces: a GET with a query and a POST placing an order.
// golang_jwt_token is the reference: golang-jwt alone making a token of the
// same claims from a struct (its JSON encoder and HS256), with a fixed
// nonce and digest and no request.
func BenchmarkSign(b *testing.B) {
	const secret = "bench-secret-key-0000000000000000000000"
	s, err := NewJWTSigner("bench-access-key-0000000000000000000000", secret)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("get", func(b *testing.B) {
		const u = "https://api.bithumb.com/v1/orders?market=KRW-BTC&state=wait&limit=100&page=1&order_by=desc"
		b.ReportAllocs()
		for b.Loop() {
			req, err := http.NewRequest(http.MethodGet, u, nil)
			if err != nil {
				b.Fatal(err)
			}
			if err := s.SignRequest(req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("post_order", func(b *testing.B) {
		const body = `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"84000000","volume":"0.001","client_order_id":"bithumb-go-0123456789abcdef"}`
		b.ReportAllocs()
		for b.Loop() {
			req, err := http.NewRequest(http.MethodPost, "https://api.bithumb.com/v2/orders", strings.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if err := s.SignRequest(req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("golang_jwt_token", func(b *testing.B) {
		claims := signReferenceClaims{
			AccessKey:    "bench-access-key-0000000000000000000000",
			Nonce:        "0b8e5a4e-3f1c-4b7a-9d2e-6c1f0a9b8e7d",
			Timestamp:    1717000000456,
			QueryHash:    QueryHash("market=KRW-BTC&state=wait&limit=100&page=1&order_by=desc"),
			QueryHashAlg: "SHA512",
		}
		key := []byte(secret)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key); err != nil {
				b.Fatal(err)
			}
		}
	})
}
