package validation

import (
	"regexp/syntax"
	"unicode/utf8"
)

// runsMatcher matches a pattern of the form the spec's patterns mostly
// take, without a regular expression engine: ^ and $ around a sequence of
// runs, or around an alternation of such sequences. A run is one
// character of a set (a literal, a class such as [A-Za-z0-9_-] or \d)
// repeated between min and max times. compileRuns accepts a pattern only
// when each run of varying length is followed by the end of the text or by
// a run of at least one character that shares none of its characters:
// then taking as many characters as a run allows is the only way to
// match, and one pass over the string decides, as regexp would.
type runsMatcher struct {
	alternatives [][]run
}

// run is a character of one of the ranges (pairs of first and last rune,
// as in syntax.Regexp.Rune) repeated min to max times; max -1 is no limit.
type run struct {
	ranges   []rune
	min, max int
}

// compileRuns returns the matcher of expr, or false when expr is not of
// the form runsMatcher handles (regexp is used then).
func compileRuns(expr string) (*runsMatcher, bool) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) < 3 ||
		re.Sub[0].Op != syntax.OpBeginText || re.Sub[len(re.Sub)-1].Op != syntax.OpEndText {
		return nil, false
	}
	inner := re.Sub[1 : len(re.Sub)-1]
	branches := [][]*syntax.Regexp{inner}
	if len(inner) == 1 {
		if alt := uncapture(inner[0]); alt.Op == syntax.OpAlternate {
			branches = branches[:0]
			for _, sub := range alt.Sub {
				branches = append(branches, []*syntax.Regexp{sub})
			}
		}
	}
	m := &runsMatcher{}
	for _, nodes := range branches {
		var runs []run
		for _, n := range nodes {
			var ok bool
			if runs, ok = appendRuns(runs, n); !ok {
				return nil, false
			}
		}
		if !greedyIsExact(runs) {
			return nil, false
		}
		m.alternatives = append(m.alternatives, runs)
	}
	return m, true
}

// uncapture returns what a capturing group holds: grouping changes nothing
// to what matches.
func uncapture(n *syntax.Regexp) *syntax.Regexp {
	for n.Op == syntax.OpCapture {
		n = n.Sub[0]
	}
	return n
}

// appendRuns appends the runs of n, or returns false when n is not a
// sequence of runs.
func appendRuns(runs []run, n *syntax.Regexp) ([]run, bool) {
	n = uncapture(n)
	if n.Flags&syntax.FoldCase != 0 {
		return nil, false
	}
	switch n.Op {
	case syntax.OpConcat:
		for _, sub := range n.Sub {
			var ok bool
			if runs, ok = appendRuns(runs, sub); !ok {
				return nil, false
			}
		}
		return runs, true
	case syntax.OpLiteral:
		for _, r := range n.Rune {
			runs = append(runs, run{ranges: []rune{r, r}, min: 1, max: 1})
		}
		return runs, true
	case syntax.OpCharClass:
		return append(runs, run{ranges: n.Rune, min: 1, max: 1}), true
	case syntax.OpRepeat, syntax.OpPlus, syntax.OpStar, syntax.OpQuest:
		if n.Flags&syntax.NonGreedy != 0 {
			return nil, false
		}
		ranges, ok := oneCharacter(uncapture(n.Sub[0]))
		if !ok {
			return nil, false
		}
		r := run{ranges: ranges, min: n.Min, max: n.Max}
		switch n.Op {
		case syntax.OpPlus:
			r.min, r.max = 1, -1
		case syntax.OpStar:
			r.min, r.max = 0, -1
		case syntax.OpQuest:
			r.min, r.max = 0, 1
		}
		return append(runs, r), true
	}
	return nil, false
}

// oneCharacter returns the ranges of a node that matches exactly one
// character.
func oneCharacter(n *syntax.Regexp) ([]rune, bool) {
	switch {
	case n.Flags&syntax.FoldCase != 0:
		return nil, false
	case n.Op == syntax.OpCharClass:
		return n.Rune, true
	case n.Op == syntax.OpLiteral && len(n.Rune) == 1:
		return []rune{n.Rune[0], n.Rune[0]}, true
	}
	return nil, false
}

// greedyIsExact reports whether taking as many characters as each run
// allows is the only way runs can match: every run of varying length is
// last, or followed by a run of at least one character from a disjoint set.
func greedyIsExact(runs []run) bool {
	for i, r := range runs {
		if r.min == r.max || i == len(runs)-1 {
			continue
		}
		next := runs[i+1]
		if next.min < 1 || overlap(r.ranges, next.ranges) {
			return false
		}
	}
	return true
}

// overlap reports whether two sets of ranges share a character.
func overlap(a, b []rune) bool {
	for i := 0; i < len(a); i += 2 {
		for j := 0; j < len(b); j += 2 {
			if a[i] <= b[j+1] && b[j] <= a[i+1] {
				return true
			}
		}
	}
	return false
}

// MatchString reports whether s matches one of the alternatives. Bytes
// that are not UTF-8 count as utf8.RuneError, one byte each, as in regexp.
func (m *runsMatcher) MatchString(s string) bool {
	for _, runs := range m.alternatives {
		if matchRuns(runs, s) {
			return true
		}
	}
	return false
}

func matchRuns(runs []run, s string) bool {
	pos := 0
	for _, r := range runs {
		n := 0
		for (r.max < 0 || n < r.max) && pos < len(s) {
			c, size := rune(s[pos]), 1
			if c >= utf8.RuneSelf {
				c, size = utf8.DecodeRuneInString(s[pos:])
			}
			if !inRanges(r.ranges, c) {
				break
			}
			pos += size
			n++
		}
		if n < r.min {
			return false
		}
	}
	return pos == len(s)
}

func inRanges(ranges []rune, c rune) bool {
	for i := 0; i < len(ranges); i += 2 {
		if ranges[i] <= c && c <= ranges[i+1] {
			return true
		}
	}
	return false
}
