package bithumb

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/bithumb-go/bithumb/internal/plain"
)

// decodePayloads are the bodies of testdata/decode (see its README), each
// with a new result of the typed method's type and of its float baseline.
var decodePayloads = []struct {
	name         string
	exact, float func() any
}{
	{"orderbook", func() any { return new([]Orderbook) }, func() any { return new([]plain.Orderbook) }},
	{"ticker", func() any { return new([]Ticker) }, func() any { return new([]plain.Ticker) }},
	{"trades", func() any { return new([]Trade) }, func() any { return new([]plain.Trade) }},
	{"accounts", func() any { return new([]Account) }, func() any { return new([]plain.Account) }},
	{"order_detail", func() any { return new(OrderDetail) }, func() any { return new(plain.OrderDetail) }},
}

func readDecodePayload(tb testing.TB, name string) []byte {
	tb.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "decode", name+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// BenchmarkDecode compares, per answer, decodeBody (what the typed method
// does with a successful body: exact decimals) with encoding/json into
// the float baseline.
func BenchmarkDecode(b *testing.B) {
	for _, p := range decodePayloads {
		body := readDecodePayload(b, p.name)
		b.Run(p.name+"/exact", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if err := decodeBody(body, p.exact()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(p.name+"/float", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if err := json.Unmarshal(body, p.float()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
