package bithumb

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadBody: readBody returns what io.ReadAll returns, whatever the
// Content-Length says, and keeps a read error.
func TestReadBody(t *testing.T) {
	t.Parallel()
	const body = `[{"market":"KRW-BTC","trade_price":157450000}]`
	for _, tt := range []struct {
		name   string
		length int64
		r      io.Reader
	}{
		{"exact length", int64(len(body)), strings.NewReader(body)},
		{"one byte at a time", int64(len(body)), iotest.OneByteReader(strings.NewReader(body))},
		{"data with EOF", int64(len(body)), iotest.DataErrReader(strings.NewReader(body))},
		{"unknown length", -1, strings.NewReader(body)},
		{"longer than announced", 10, strings.NewReader(body)},
		{"shorter than announced", 1000, strings.NewReader(body)},
		{"over the presized limit", maxPresized + 1, strings.NewReader(body)},
	} {
		got, err := readBody(&http.Response{ContentLength: tt.length, Body: io.NopCloser(tt.r)})
		if err != nil || string(got) != body {
			t.Errorf("%s: %q, %v; want the body", tt.name, got, err)
		}
	}
	boom := errors.New("boom")
	got, err := readBody(&http.Response{ContentLength: int64(len(body)),
		Body: io.NopCloser(io.MultiReader(strings.NewReader(body[:5]), iotest.ErrReader(boom)))})
	if !errors.Is(err, boom) || string(got) != body[:5] {
		t.Errorf("failing body: %q, %v; want %q and the error", got, err, body[:5])
	}
}
