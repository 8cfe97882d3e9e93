package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

func TestChart(t *testing.T) {
	s := summary{ccxt: "ccxt 4.5.84 (node)", ours: "bithumb-go (go) <&>", rounds: 3, rows: []summaryRow{
		{call: "ticker", ok: true, ccxtCPU: 600, goCPU: 100},
		{call: "ticker-direct", ok: true, ccxtCPU: 600, goCPU: 60},
		{call: "ticker-raw", ok: true, ccxtCPU: 600, goCPU: 50},
		{call: "ticker-sync", ok: true, ccxtCPU: 600, goCPU: 25},
		{call: "place", ok: true, ccxtCPU: 300, goCPU: 150},
		{call: "cancel"}, // not in the ccxt reports
	}}
	var out bytes.Buffer
	if err := writeChart(&out, s); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(out.Bytes()))
	for {
		if _, err := dec.Token(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("not well-formed SVG: %v\n%s", err, out.String())
		}
	}
	// The longest bar (ccxt's ticker, 600 µs) spans the bar area, 580
	// units; the others are in proportion. place has neither a directhttp
	// nor a floor row.
	bars := map[string]float64{}
	for _, m := range regexp.MustCompile(`width="([0-9.]+)" height="10" fill="[^"]+"><title>([^<]+)</title>`).FindAllStringSubmatch(out.String(), -1) {
		w, _ := strconv.ParseFloat(m[1], 64)
		bars[m[2]] = w
	}
	want := map[string]float64{
		"ticker ccxt: 600 µs": 580, "ticker bithumb-go: 100 µs": 96.7, "ticker net/http floor: 50 µs": 48.3,
		"ticker bithumb-go, directhttp: 60 µs": 58, "place ccxt: 300 µs": 290, "place bithumb-go: 150 µs": 145,
	}
	if len(bars) != len(want) {
		t.Errorf("bars %v, want %v", bars, want)
	}
	for k, w := range want {
		if got, ok := bars[k]; !ok || got < w-0.1 || got > w+0.1 {
			t.Errorf("bar %q: width %v, want %v", k, got, w)
		}
	}
	// The goal marks sit at a fifth of ccxt's CPU: 110 + 120 and 110 + 60
	// times the scale.
	for _, x := range []string{`x1="226.0"`, `x1="168.0"`} {
		if !bytes.Contains(out.Bytes(), []byte(x)) {
			t.Errorf("no goal mark at %s", x)
		}
	}
	if !bytes.Contains(out.Bytes(), []byte("bithumb-go (go) &lt;&amp;&gt;")) {
		t.Error("the title's client names are not escaped")
	}
	if err := writeChart(&out, summary{rows: []summaryRow{{call: "ticker"}}}); err == nil {
		t.Error("a chart without any call in both reports: no error")
	}
}

// -summarize -svg writes the chart of the rounds beside the table.
func TestSummarizeWritesTheChart(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"ccxt-1.json", "go-1.json"} {
		rep := report{Client: name[:len(name)-7], Runtime: "rt", Results: []result{{Call: "ticker", N: 1, MedianUS: 1, P99US: 1, CPUUSPerCall: 10}}}
		if err := writeJSON(filepath.Join(dir, name), rep); err != nil {
			t.Fatal(err)
		}
	}
	svg := filepath.Join(t.TempDir(), "chart.svg")
	var out bytes.Buffer
	if err := run([]string{"-summarize", dir, "-svg", svg}, &out); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(svg)
	if err != nil || !bytes.Contains(raw, []byte("<svg")) || !bytes.Contains(raw, []byte("ticker ccxt: 10 µs")) {
		t.Errorf("chart %s: %v\n%s", svg, err, raw)
	}
}
