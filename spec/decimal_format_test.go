package spec

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/decimal"
)

// TestDecimalFormatLimits checks that format: decimal accepts every
// NumberString an exchange sends, up to the limits of decimal.Parse, and
// rejects longer ones with decimal.ErrRange and a short message.
func TestDecimalFormatLimits(t *testing.T) {
	t.Parallel()
	f := DecimalFormat()
	for _, s := range []string{
		"0", "0.0025", "-330000", "5.6370", "17853976619640000",
		"1.76373410121466379999997512",
		strings.Repeat("9", decimal.MaxDigits),
		"0." + strings.Repeat("0", decimal.MaxScale-1) + "1",
	} {
		if err := f.Validate(s); err != nil {
			t.Errorf("%.40q rejected: %v", s, err)
		}
	}
	for _, s := range []string{
		"0." + strings.Repeat("0", 65535) + "1", // 1e-65536 written out
		strings.Repeat("9", decimal.MaxDigits+1),
		strings.Repeat("1234567890", 100_000),
	} {
		err := f.Validate(s)
		if !errors.Is(err, decimal.ErrRange) {
			t.Errorf("%.40q…: error %.200v, want decimal.ErrRange", s, err)
		} else if len(err.Error()) > 200 {
			t.Errorf("the error message is %d bytes long", len(err.Error()))
		}
	}
	if err := f.Validate("1e5" + strings.Repeat("0", 1000)); err == nil || len(err.Error()) > 200 {
		t.Errorf("malformed long text: %.200v", err)
	}
}

// TestRequestWithTinyPriceFails validates a placeOrder body whose price
// has 65,536 decimals: the problem names the price.
func TestRequestWithTinyPriceFails(t *testing.T) {
	t.Parallel()
	v, err := SharedValidator()
	if err != nil {
		t.Fatal(err)
	}
	price := "0." + strings.Repeat("0", 65535) + "1"
	body := `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"` + price + `","volume":"1"}`
	req, _ := http.NewRequest(http.MethodPost, "https://api.bithumb.com/v2/orders", bytes.NewReader([]byte(body)))
	req.Header.Set("Content-Type", "application/json")
	err = v.Request(context.Background(), req)
	if err == nil {
		t.Fatal("a price with 65,536 decimals passed validation")
	}
	problems := Problems(err)
	found := false
	for _, p := range problems {
		if p.Field == "price" {
			found = true
		}
	}
	if !found {
		t.Errorf("problems %v do not name price", problems)
	}
}
