package middleware

import (
	"net/http"
	"strings"
	"testing"
)

// BenchmarkSign measures building a request with http.NewRequest and
// signing it with a JWT that carries a query_hash, with the default clock
// and random UUID nonces: a GET with a query and a POST placing an order.
func BenchmarkSign(b *testing.B) {
	s, err := NewJWTSigner("bench-access-key-0000000000000000000000", "bench-secret-key-0000000000000000000000")
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
}
