package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// result holds every run of one benchmark.
type result struct {
	pkg, name string // name without the -GOMAXPROCS suffix
	ns        []float64
	allocs    []float64
}

// benchLine matches a result line of `go test -bench`: the name, the
// iteration count, then value-unit pairs.
var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

// parse reads `go test -bench` output, in which "pkg:" lines name the
// package of the results that follow. Results are returned in the order
// of their first run.
func parse(r io.Reader) ([]*result, error) {
	var (
		out   []*result
		byKey = map[string]*result{}
		pkg   string
	)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		key := pkg + " " + m[1]
		res := byKey[key]
		if res == nil {
			res = &result{pkg: pkg, name: m[1]}
			byKey[key] = res
			out = append(out, res)
		}
		fields := strings.Fields(m[2])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%s: value %q: %w", m[1], fields[i], err)
			}
			switch fields[i+1] {
			case "ns/op":
				res.ns = append(res.ns, v)
			case "allocs/op":
				res.allocs = append(res.allocs, v)
			}
		}
	}
	return out, sc.Err()
}

// median returns the median of xs, or -1 when xs is empty.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return -1
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
