package main

import (
	"fmt"
	"html"
	"io"
	"strings"
)

// The chart's layout, in SVG user units (pixels).
const (
	chartWidth  = 760
	chartLabelW = 110 // the calls' names, left of the bars
	chartValueW = 70  // room right of the longest bar for its value
	chartTop    = 84  // title and legend
	barHeight   = 12
	groupGap    = 14
)

// chartBar is one bar of a call's group.
type chartBar struct {
	name, color string
	cpu         func(call string) (float64, bool)
}

// writeChart writes s as an SVG bar chart of the CPU per call: for each of
// the SDK's calls, ccxt's, the SDK's over net/http and over directhttp
// (<call>-direct), and its net/http floor's (<call>-raw),
// with a mark at a fifth of ccxt's, the goal. Calls missing from the ccxt
// reports are left out.
func writeChart(w io.Writer, s summary) error {
	rows := map[string]summaryRow{}
	var calls []string
	for _, r := range s.rows {
		if !r.ok {
			continue
		}
		rows[r.call] = r
		if !strings.Contains(r.call, "-") {
			calls = append(calls, r.call)
		}
	}
	if len(calls) == 0 {
		return fmt.Errorf("no call of the SDK is in both reports")
	}
	bars := []chartBar{
		{"ccxt", "#9e9e9e", func(c string) (float64, bool) { return rows[c].ccxtCPU, true }},
		{"bithumb-go", "#1f6feb", func(c string) (float64, bool) { return rows[c].goCPU, true }},
		{"bithumb-go, directhttp", "#0b3d91", func(c string) (float64, bool) { r, ok := rows[c+"-direct"]; return r.goCPU, ok }},
		{"net/http floor", "#8cb4f5", func(c string) (float64, bool) { r, ok := rows[c+"-raw"]; return r.goCPU, ok }},
	}
	var most float64
	for _, c := range calls {
		for _, b := range bars {
			if v, ok := b.cpu(c); ok {
				most = max(most, v)
			}
		}
	}
	scale := float64(chartWidth-chartLabelW-chartValueW) / most
	groupH := len(bars)*barHeight + groupGap
	height := chartTop + len(calls)*groupH + 28

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		chartWidth, height, chartWidth, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", chartWidth, height)
	b.WriteString(`<text x="8" y="20" font-size="14" font-weight="bold">CPU per call, µs (less is better)</text>` + "\n")
	fmt.Fprintf(&b, `<text x="8" y="38">%s vs %s, medians of %d rounds</text>`+"\n",
		html.EscapeString(s.ccxt), html.EscapeString(s.ours), s.rounds)
	x := chartLabelW
	for _, bar := range bars {
		fmt.Fprintf(&b, `<rect x="%d" y="52" width="12" height="12" fill="%s"/><text x="%d" y="63">%s</text>`+"\n", x, bar.color, x+16, html.EscapeString(bar.name))
		x += 16 + 7*len(bar.name) + 16
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="52" x2="%d" y2="64" stroke="#d73a49" stroke-width="2" stroke-dasharray="3,2"/><text x="%d" y="63">goal: ccxt ÷ 5</text>`+"\n", x, x, x+6)
	for i, c := range calls {
		y := chartTop + i*groupH
		fmt.Fprintf(&b, `<text x="8" y="%d">%s</text>`+"\n", y+len(bars)*barHeight/2+4, html.EscapeString(c))
		for j, bar := range bars {
			v, ok := bar.cpu(c)
			if !ok {
				continue
			}
			by, bw := y+j*barHeight, v*scale
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s %s: %.0f µs</title></rect>`+"\n",
				chartLabelW, by, bw, barHeight-2, bar.color, html.EscapeString(c), html.EscapeString(bar.name), v)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10">%.0f</text>`+"\n", float64(chartLabelW)+bw+4, by+barHeight-3, v)
		}
		goal := float64(chartLabelW) + rows[c].ccxtCPU/5*scale
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#d73a49" stroke-width="2" stroke-dasharray="3,2"/>`+"\n",
			goal, y-2, goal, y+len(bars)*barHeight)
	}
	fmt.Fprintf(&b, `<text x="8" y="%d" font-size="10" fill="#555">make bench-ccxt; docs/benchmarks.md</text>`+"\n", height-8)
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
