package decimal_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/quagmt/udecimal"
	shopspring "github.com/shopspring/decimal"
)

// orderbookJSON is a 30-level KRW-BTC orderbook as /v1/orderbook sends it:
// JSON numbers, integer prices, sizes with 4 to 8 decimals.
var orderbookJSON = func() []byte {
	var b strings.Builder
	b.WriteString(`[{"market":"KRW-BTC","timestamp":1756135632646,"total_ask_size":8.83621228,"total_bid_size":2.43976741,"orderbook_units":[`)
	for i := range 30 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"ask_price":%d,"bid_price":%d,"ask_size":%d.%08d,"bid_size":0.%04d}`,
			157451000+i*1000, 157450000-i*1000, i%3, 24078656+i*7919, 718+i*37)
	}
	b.WriteString(`]}]`)
	return []byte(b.String())
}()

type unit[T any] struct {
	AskPrice T `json:"ask_price"`
	BidPrice T `json:"bid_price"`
	AskSize  T `json:"ask_size"`
	BidSize  T `json:"bid_size"`
}

type orderbook[T any] struct {
	Market         string    `json:"market"`
	Timestamp      int64     `json:"timestamp"`
	TotalAskSize   T         `json:"total_ask_size"`
	TotalBidSize   T         `json:"total_bid_size"`
	OrderbookUnits []unit[T] `json:"orderbook_units"`
}

func benchmarkDecode[T any](b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(orderbookJSON)))
	for b.Loop() {
		var v []orderbook[T]
		if err := json.Unmarshal(orderbookJSON, &v); err != nil {
			b.Fatal(err)
		}
		if len(v[0].OrderbookUnits) != 30 {
			b.Fatal("short book")
		}
	}
}

// BenchmarkOrderbookDecode compares decoding a 30-level orderbook into
// float64 (the baseline that loses digits), into Decimal, and into the two
// libraries that were considered instead (docs/decimal.md).
func BenchmarkOrderbookDecode(b *testing.B) {
	b.Run("float64", benchmarkDecode[float64])
	b.Run("decimal", benchmarkDecode[decimal.Decimal])
	b.Run("shopspring", benchmarkDecode[shopspring.Decimal])
	b.Run("udecimal", benchmarkDecode[udecimal.Decimal])
}

// TestCandidatesOnLongDecimals records why the alternatives were not
// chosen: each must keep 27 significant digits exactly.
func TestCandidatesOnLongDecimals(t *testing.T) {
	const long = "1.76373410121466379999997512"
	var d decimal.Decimal
	if err := json.Unmarshal([]byte(long), &d); err != nil || d.String() != long {
		t.Fatalf("decimal.Decimal: %s, %v", d, err)
	}
	var s shopspring.Decimal
	if err := json.Unmarshal([]byte(long), &s); err != nil || s.String() != long {
		t.Errorf("shopspring: %s, %v", s, err)
	}
	var u udecimal.Decimal
	err := json.Unmarshal([]byte(long), &u)
	t.Logf("udecimal on %s: value %s, error %v", long, u, err)
	if err == nil && u.String() == long {
		t.Log("udecimal keeps the digits (the note in docs/decimal.md is out of date)")
	}
}

func BenchmarkParse(b *testing.B) {
	for _, s := range []string{"157450000", "0.24078656", "1.76373410121466379999997512"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decimal.Parse(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
