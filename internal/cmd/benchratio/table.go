package main

import (
	"fmt"
	"io"
	"strings"
)

// variants maps the last name element of a measured benchmark to that of
// its baseline.
var variants = map[string]string{"stack": "baseline", "direct": "baseline", "exact": "float"}

// comparison is a benchmark and its baseline.
type comparison struct {
	name       string // the common name, e.g. BenchmarkRoundTrip/ticker
	variant    string // e.g. stack vs baseline
	num, denom *result
}

// pair returns a comparison for every measured benchmark whose baseline
// is in results, in the order of results.
func pair(results []*result) []comparison {
	byKey := map[string]*result{}
	for _, r := range results {
		byKey[r.pkg+" "+r.name] = r
	}
	var out []comparison
	for _, r := range results {
		i := strings.LastIndexByte(r.name, '/')
		if i < 0 {
			continue
		}
		base, ok := variants[r.name[i+1:]]
		if !ok {
			continue
		}
		d := byKey[r.pkg+" "+r.name[:i+1]+base]
		if d == nil {
			continue
		}
		out = append(out, comparison{name: r.name[:i], variant: r.name[i+1:] + " / " + base, num: r, denom: d})
	}
	return out
}

// writeTable prints the comparisons as a Markdown table: medians of
// ns/op and allocs/op on both sides and their ratios.
func writeTable(w io.Writer, cs []comparison) {
	fmt.Fprintln(w, "| Benchmark | Compared | ns/op | baseline ns/op | time ratio | allocs/op | baseline allocs/op | allocs ratio | runs |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, c := range cs {
		ns, bns := median(c.num.ns), median(c.denom.ns)
		al, bal := median(c.num.allocs), median(c.denom.allocs)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %d/%d |\n",
			c.name, c.variant, num(ns), num(bns), ratio(ns, bns), num(al), num(bal), ratio(al, bal), len(c.num.ns), len(c.denom.ns))
	}
}

// num formats a median; -1 (no value) prints as "-".
func num(v float64) string {
	if v < 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f", v)
}

// ratio formats a/b to two decimals, or "-" when either is missing or b
// is 0.
func ratio(a, b float64) string {
	if a < 0 || b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a/b)
}
