package main

import (
	"bytes"
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/bithumb-go/bithumb
cpu: AMD EPYC
BenchmarkRoundTrip/ticker/stack-2         	    2000	    110 ns/op	   13068 B/op	     150 allocs/op
BenchmarkRoundTrip/ticker/baseline-2      	    2000	    100 ns/op	    8123 B/op	     100 allocs/op
BenchmarkRoundTrip/ticker/stack-2         	    2000	    130 ns/op	   13068 B/op	     150 allocs/op
BenchmarkRoundTrip/ticker/baseline-2      	    2000	    100 ns/op	    8123 B/op	     100 allocs/op
BenchmarkRoundTrip/ticker/stack-2         	    2000	    900 ns/op	   13068 B/op	     150 allocs/op
BenchmarkRoundTrip/ticker/baseline-2      	    2000	    100 ns/op	    8123 B/op	     100 allocs/op
BenchmarkRoundTrip/chance/stack-2         	    2000	    300 ns/op	   13068 B/op	     10 allocs/op
BenchmarkNew-2                            	    2000	    300 ns/op	   13068 B/op	     10 allocs/op
PASS
pkg: github.com/bithumb-go/bithumb/wsclient
BenchmarkWSDecode/ticker/exact-2          	  500000	     2210 ns/op	     100 B/op	       1 allocs/op
BenchmarkWSDecode/ticker/float-2          	  500000	     7780 ns/op	     900 B/op	      16 allocs/op
BenchmarkWSDecode/ticker/exact-2          	  500000	     2230 ns/op	     100 B/op	       1 allocs/op
BenchmarkWSDecode/ticker/float-2          	  500000	     7760 ns/op	     900 B/op	      16 allocs/op
`

// TestTable: each side is the median of its runs (an outlier of 900 ns
// does not move it), pairs are stack/baseline and exact/float within one
// package, and a benchmark without its baseline is left out.
func TestTable(t *testing.T) {
	var out bytes.Buffer
	if err := run(nil, strings.NewReader(sample), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"| BenchmarkRoundTrip/ticker | stack / baseline | 130 | 100 | 1.30× | 150 | 100 | 1.50× | 3/3 |\n",
		"| BenchmarkWSDecode/ticker | exact / float | 2220 | 7770 | 0.29× | 1 | 16 | 0.06× | 2/2 |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing row %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "chance") || strings.Contains(got, "BenchmarkNew") {
		t.Errorf("a benchmark without a baseline got a row:\n%s", got)
	}
	if n := strings.Count(got, "\n"); n != 4 {
		t.Errorf("%d lines, want a header, a separator and 2 rows:\n%s", n, got)
	}
}

// TestNoPairs: input without any pair is an error, not an empty table.
func TestNoPairs(t *testing.T) {
	err := run(nil, strings.NewReader("BenchmarkNew-2 10 300 ns/op\n"), &bytes.Buffer{})
	if err == nil {
		t.Fatal("no error for input without pairs")
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{nil, -1}, {[]float64{3}, 3}, {[]float64{4, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}
