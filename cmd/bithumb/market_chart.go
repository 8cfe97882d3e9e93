package main

// The candle chart of `bithumb candles --chart`.

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
	"golang.org/x/term"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/wire"
)

// candle is what the table and the chart show of a candle of any length.
type candle struct {
	start                          wire.DateTimeKST
	open, high, low, close, volume decimal.Decimal
}

// chartHeight is the number of price rows of a chart.
const chartHeight = 16

// defaultWidth is the width of a terminal of unknown size.
const defaultWidth = 80

// Glyphs of the chart: a rising candle has a hollow body, a falling one a
// filled body, so that they differ without colour.
const (
	glyphWick    = '│'
	glyphRising  = '┃'
	glyphFalling = '█'
)

// Colours of rising and falling candles on a terminal: red and blue, as
// Korean exchanges show them.
const (
	colorRising  = "\x1b[31m"
	colorFalling = "\x1b[34m"
	colorReset   = "\x1b[0m"
)

// terminalWidth returns the width to fit: COLUMNS when it is a positive
// number, else the size of the terminal on standard output, else
// defaultWidth.
func (a *app) terminalWidth() int {
	if s, ok := a.lookup("COLUMNS"); ok {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	if fd, ok := terminalFD(a.stdout); ok {
		if w, _, err := term.GetSize(fd); err == nil && w > 0 {
			return w
		}
	}
	return defaultWidth
}

// drawCandles draws rows (newest first) as a chart of width columns under
// the title, in colour when standard output is a terminal and NO_COLOR is
// not set. When fewer columns than candles fit, it draws the newest, and
// says so on standard error when tellCut is set.
func (a *app) drawCandles(title string, rows []candle, width int, tellCut bool) error {
	_, tty := terminalFD(a.stdout)
	_, noColor := a.lookup("NO_COLOR")
	chart, shown := renderChart(title, rows, width, chartHeight, tty && !noColor)
	if tellCut && shown < len(rows) {
		a.progress("showing the newest %d of %d candles; a wider terminal (COLUMNS) shows more", shown, len(rows))
	}
	_, err := io.WriteString(a.stdout, chart)
	return err
}

// renderChart draws rows (newest first) oldest on the left, one column
// per candle, height rows of prices from the highest high at the top to
// the lowest low at the bottom, with a price axis on the left and the
// times of the first and last candle below. The chart is at most width
// columns wide: when the candles do not all fit, it draws the newest.
// It returns the chart and the number of candles drawn.
func renderChart(title string, rows []candle, width, height int, color bool) (string, int) {
	if len(rows) == 0 {
		return title + ": no candles\n", 0
	}
	// The axis labels depend on the candles drawn and the room for the
	// candles on the labels: take the labels of every candle, whose
	// range is the widest, so that the labels of the ones drawn fit.
	_, _, labels := priceAxis(rows, height)
	labelWidth := 0
	for _, l := range labels {
		labelWidth = max(labelWidth, len(l))
	}
	room := max(width-labelWidth-2, 1) // "label ┤" then the candles
	shown := min(room, len(rows))
	drawn := make([]candle, shown) // oldest first
	for i := range drawn {
		drawn[i] = rows[shown-1-i]
	}
	low, high, labels := priceAxis(drawn, height)
	for _, l := range labels {
		labelWidth = max(labelWidth, len(l))
	}

	var b strings.Builder
	first, last := drawn[0], drawn[len(drawn)-1]
	fmt.Fprintf(&b, "%s  open %s  high %s  low %s  close %s\n", title, first.open, high, low, last.close)
	for r := range height {
		level := height - 1 - r
		fmt.Fprintf(&b, "%*s ", labelWidth, labels[r])
		if labels[r] != "" {
			b.WriteRune('┤')
		} else {
			b.WriteRune('│')
		}
		var line strings.Builder
		for _, k := range drawn {
			glyph, code := cell(k, level, low, high, height)
			if color && glyph != ' ' {
				line.WriteString(code + string(glyph) + colorReset)
			} else {
				line.WriteRune(glyph)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%s └%s\n", strings.Repeat(" ", labelWidth), strings.Repeat("─", len(drawn)))
	b.WriteString(timeAxis(drawn, labelWidth+2, width))
	return b.String(), shown
}

// timeAxis is the line under the chart: the times (KST) of the first and
// the last candle drawn, under the first and the last column when they
// fit there (indent is the column of the first candle), else as
// "first → last", within width when possible. Candles that all start at
// midnight show their dates only.
func timeAxis(drawn []candle, indent, width int) string {
	layout := "2006-01-02"
	for _, k := range drawn {
		if t := k.start.Time().In(wire.KST); t.Hour() != 0 || t.Minute() != 0 {
			layout = "2006-01-02 15:04"
		}
	}
	from := drawn[0].start.Time().In(wire.KST).Format(layout)
	to := drawn[len(drawn)-1].start.Time().In(wire.KST).Format(layout) + " KST"
	pad := strings.Repeat(" ", indent)
	candidates := []string{pad + from + " → " + to, from + " → " + to}
	if gap := len(drawn) - len(from) - len(to); gap >= 2 {
		candidates = append([]string{pad + from + strings.Repeat(" ", gap) + to}, candidates...)
	}
	for _, c := range candidates {
		if runewidth.StringWidth(c) <= width {
			return c + "\n"
		}
	}
	return candidates[len(candidates)-1] + "\n"
}

// cell is the glyph of candle k at the price row level (0 at the bottom)
// and its colour code.
func cell(k candle, level int, low, high decimal.Decimal, height int) (rune, string) {
	bodyLow, bodyHigh := k.open, k.close
	glyph, code := glyphRising, colorRising
	if k.close.LessThan(k.open) {
		bodyLow, bodyHigh = k.close, k.open
		glyph, code = glyphFalling, colorFalling
	}
	switch {
	case level < row(k.low, low, high, height) || level > row(k.high, low, high, height):
		return ' ', ""
	case level >= row(bodyLow, low, high, height) && level <= row(bodyHigh, low, high, height):
		return glyph, code
	}
	return glyphWick, code
}

// row is the price row of p (0 at the bottom, height-1 at the top) on an
// axis from low to high, rounded to the nearest row; every row when low
// and high are equal is the middle one.
func row(p, low, high decimal.Decimal, height int) int {
	span := high.Sub(low)
	if !span.IsPositive() {
		return (height - 1) / 2
	}
	scaled := p.Sub(low).Mul(decimal.NewFromInt(int64(height-1))).Div(span, 0, decimal.HalfUp)
	n, _ := scaled.Int64()
	return int(n)
}

// priceAxis returns the lowest low and highest high of rows and the
// label of each price row from the top: the exact highest high at the
// top, the exact lowest low at the bottom, and every fourth row between
// them the price it stands for, at the scale of the prices.
func priceAxis(rows []candle, height int) (low, high decimal.Decimal, labels []string) {
	low, high = rows[0].low, rows[0].high
	scale := int32(0)
	for _, k := range rows {
		if k.low.LessThan(low) {
			low = k.low
		}
		if high.LessThan(k.high) {
			high = k.high
		}
		for _, d := range []decimal.Decimal{k.open, k.high, k.low, k.close} {
			scale = max(scale, decimalScale(d))
		}
	}
	labels = make([]string, height)
	for r := 0; r < height; r += 4 {
		level := int64(height - 1 - r)
		step := high.Sub(low).Mul(decimal.NewFromInt(level)).Div(decimal.NewFromInt(int64(height-1)), scale, decimal.HalfUp)
		labels[r] = low.Add(step).StringFixed(scale)
	}
	labels[0], labels[height-1] = high.String(), low.String()
	return low, high, labels
}

// decimalScale is the number of digits of d after the decimal point.
func decimalScale(d decimal.Decimal) int32 {
	_, frac, ok := strings.Cut(d.String(), ".")
	if !ok {
		return 0
	}
	return int32(len(frac))
}
