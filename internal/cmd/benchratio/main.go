// Command benchratio reads the output of `go test -bench` and prints, as a
// Markdown table, the ratio of every benchmark to its baseline: a
// benchmark whose last name element is "stack" or "direct" is compared
// with its sibling ".../baseline", one ending in "exact" with ".../float". Each
// side is the median of its runs (run the benchmarks with -count), so
// the ratio comes from one run of the suite, where both sides saw the
// same machine load.
//
// Usage:
//
//	go run ./internal/cmd/benchratio bench-out/bench.txt
//
// With no file it reads standard input. `make bench` runs it after
// benchstat. A pair missing either side is left out; a file with no pair
// at all is an error.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchratio:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	in := stdin
	switch len(args) {
	case 0:
	case 1:
		f, err := os.Open(args[0])
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	default:
		return errors.New("usage: benchratio [go-test-bench-output]")
	}
	results, err := parse(in)
	if err != nil {
		return err
	}
	pairs := pair(results)
	if len(pairs) == 0 {
		return errors.New("no benchmark pairs (…/stack with …/baseline, …/exact with …/float) in the input")
	}
	w := bufio.NewWriter(stdout)
	writeTable(w, pairs)
	return w.Flush()
}
