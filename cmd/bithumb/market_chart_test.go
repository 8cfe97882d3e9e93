package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/wire"
)

// testCandles returns day candles from 2026-07-01 KST, oldest first as
// written, newest first as the API gives them. Each row is open, high,
// low, close.
func testCandles(ohlc ...[4]string) []candle {
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, wire.KST)
	rows := make([]candle, len(ohlc))
	for i, p := range ohlc {
		rows[len(ohlc)-1-i] = candle{
			start: wire.NewDateTimeKST(start.AddDate(0, 0, i)),
			open:  decimal.MustParse(p[0]), high: decimal.MustParse(p[1]),
			low: decimal.MustParse(p[2]), close: decimal.MustParse(p[3]),
			volume: decimal.NewFromInt(1),
		}
	}
	return rows
}

// A rising trend with one falling day: the rising candles have hollow
// bodies ┃, the falling one a filled body █, wicks │ reach the high and
// the low, and the price axis shows the exact extremes.
func TestRenderChartGolden(t *testing.T) {
	rows := testCandles(
		[4]string{"100", "104", "99", "103"},
		[4]string{"103", "108", "102", "107"},
		[4]string{"107", "109", "101", "102"},
		[4]string{"102", "111", "102", "110"},
		[4]string{"110", "115", "109", "114"},
		[4]string{"114", "114", "113", "114"},
	)
	got, shown := renderChart("KRW-BTC 1d", rows, 40, 9, false)
	want := `KRW-BTC 1d  open 100  high 115  low 99  close 114
115 ┤    ┃┃
    │    ┃│
    │   ┃┃
    │ ││┃│
107 ┤ ┃█┃
    ││┃█┃
    │┃┃█┃
    │┃ │
 99 ┤│
    └──────
     2026-07-01 → 2026-07-06 KST
`
	if got != want || shown != 6 {
		t.Errorf("chart (%d shown):\n%s\nwant:\n%s", shown, got, want)
	}
}

// With colour, rising candles are red and falling ones blue; the glyphs
// stay, so that the chart reads the same without colour.
func TestRenderChartColour(t *testing.T) {
	rows := testCandles([4]string{"1", "2", "1", "2"}, [4]string{"2", "2", "1", "1"})
	got, _ := renderChart("X", rows, 40, 4, true)
	for _, want := range []string{colorRising + "┃" + colorReset, colorFalling + "█" + colorReset} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	plain, _ := renderChart("X", rows, 40, 4, false)
	if strings.Contains(plain, "\x1b") {
		t.Errorf("escape codes without colour:\n%s", plain)
	}
}

// More candles than columns: the newest fit, and no line is wider than
// the width.
func TestRenderChartFitsWidth(t *testing.T) {
	var ohlc [][4]string
	for i := range 50 {
		p := decimal.NewFromInt(int64(1000 + 10*i)).String()
		q := decimal.NewFromInt(int64(1005 + 10*i)).String()
		ohlc = append(ohlc, [4]string{p, q, p, q})
	}
	rows := testCandles(ohlc...)
	got, shown := renderChart("T", rows, 30, 6, false)
	if want := 30 - len("1495") - 2; shown != want {
		t.Errorf("%d candles shown, want %d", shown, want)
	}
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n")[1:] {
		if w := runewidth.StringWidth(line); w > 30 {
			t.Errorf("line %q is %d columns wide", line, w)
		}
	}
	// The newest candle is the last column: its high is the top label.
	if !strings.Contains(got, "1495 ┤") || !strings.Contains(got, "2026-08-19 KST") {
		t.Errorf("the newest candles are not the ones drawn:\n%s", got)
	}
}

func TestRenderChartFlatAndEmpty(t *testing.T) {
	rows := testCandles([4]string{"5", "5", "5", "5"}, [4]string{"5", "5", "5", "5"})
	got, _ := renderChart("F", rows, 40, 3, false)
	want := "F  open 5  high 5  low 5  close 5\n5 ┤\n  │┃┃\n5 ┤\n  └──\n   2026-07-01 → 2026-07-02 KST\n"
	if got != want {
		t.Errorf("flat chart:\n%q\nwant\n%q", got, want)
	}
	if got, n := renderChart("E", nil, 20, 3, false); got != "E: no candles\n" || n != 0 {
		t.Errorf("empty chart: %q, %d", got, n)
	}
}
