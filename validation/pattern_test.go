package validation

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// specPatterns returns the expressions of every pattern in the rules.
func specPatterns() []string {
	seen := map[string]bool{}
	var out []string
	var walk func(*Schema)
	walk = func(s *Schema) {
		if s == nil {
			return
		}
		if s.Pattern != nil && !seen[s.Pattern.Expr] {
			seen[s.Pattern.Expr] = true
			out = append(out, s.Pattern.Expr)
		}
		walk(s.Items)
		for _, p := range s.Properties {
			walk(p.Schema)
		}
	}
	for _, op := range Operations() {
		for _, p := range op.Params {
			walk(p.Schema)
		}
		if op.Body != nil {
			walk(op.Body.Schema)
		}
	}
	return out
}

// Patterns of the runs form, and near misses that must go to regexp,
// beside the spec's own.
var (
	runsForm = []string{
		`^[a-z]+[0-9]+$`, `^\d{4}-\d{2}-\d{2}$`, `^(ab|cd)$`, `^x?y$`, `^[^b]+b$`, `^(a|b)c$`, `^[가-힣]{1,3}$`,
		`^a{2,4}$`, `^a*$`, `^(?:C[0-9]{3}|[0-9]{1,4})$`, `^é+$`,
		`^[\x{80}-\x{ff}]+$`,
	}
	regexpForm = []string{
		`^a+a$`, `^[a-z]+[a-z0-9]$`, `^x?y?$`, `(?i)^abc$`, `^a*?b$`, `^a+`, `[0-9]+$`, `^(ab)+$`, `^a|b$`,
		`^[A-Z0-9]+-[A-Z0-9]+(\.\d+)?$`, `^.+$`, `^[^a]+b$`, `^$`, `^a+(b)*$`,
	}
)

// alphabet is the characters random strings for expr are made of: the
// first and last of every range in it, and their neighbours, a few usual
// suspects, a byte that is not UTF-8 and two characters beyond ASCII.
func alphabet(expr string) []string {
	set := map[string]bool{}
	for _, r := range expr {
		for _, c := range []rune{r - 1, r, r + 1} {
			if c > 0 {
				set[string(c)] = true
			}
		}
	}
	for _, c := range []string{"a", "Z", "0", "9", "-", "_", ".", " ", ",", "C", "\xff", "\x80", "é", "가", "\n"} {
		set[c] = true
	}
	var out []string
	for c := range set {
		out = append(out, c)
	}
	return out
}

// TestRunsMatcherAgreesWithRegexp: for every pattern of the spec and the
// lists above, the Pattern (runs form or regexp) answers as regexp does
// on random strings near the pattern's characters, and every pattern of
// runsForm takes the runs form while none of regexpForm does.
func TestRunsMatcherAgreesWithRegexp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	viaRuns := 0
	exprs := append(append(specPatterns(), runsForm...), regexpForm...)
	for _, expr := range exprs {
		re := regexp.MustCompile(expr)
		m, ok := compileRuns(expr)
		if ok {
			viaRuns++
		}
		p := &Pattern{Expr: expr}
		chars := alphabet(expr)
		for i := range 4000 {
			var b strings.Builder
			for range rng.IntN(12 + i%140) {
				b.WriteString(chars[rng.IntN(len(chars))])
			}
			s := b.String()
			if i%3 == 0 {
				// Mostly valid: a match of the pattern, edited once.
				s = edit(rng, sample(rng, re, chars), chars)
			}
			want := re.MatchString(s)
			if got := p.MatchString(s); got != want {
				t.Fatalf("%s on %q: Pattern %v, regexp %v", expr, s, got, want)
			}
			if ok && m.MatchString(s) != want {
				t.Fatalf("%s on %q: runs form %v, regexp %v", expr, s, !want, want)
			}
		}
	}
	for _, expr := range runsForm {
		if _, ok := compileRuns(expr); !ok {
			t.Errorf("%s: not taken as runs", expr)
		}
	}
	for _, expr := range regexpForm {
		if _, ok := compileRuns(expr); ok {
			t.Errorf("%s: taken as runs; it needs regexp", expr)
		}
	}
	t.Logf("%d of %d patterns in the runs form", viaRuns, len(exprs))
	for _, expr := range specPatterns() {
		if _, ok := compileRuns(expr); !ok {
			t.Logf("regexp: %s", expr)
		}
	}
}

// TestSpecPatternsOfOrdersTakeTheRunsForm: the patterns every order and
// cancel checks (market, client order id, order id) need no regexp.
func TestSpecPatternsOfOrdersTakeTheRunsForm(t *testing.T) {
	for _, field := range []struct{ op, name string }{
		{"placeOrder", "market"}, {"placeOrder", "client_order_id"}, {"cancelOrder", "order_id"}, {"cancelOrder", "client_order_id"},
	} {
		s := Field(field.op, field.name)
		if s == nil || s.Pattern == nil {
			t.Errorf("%s.%s: no pattern", field.op, field.name)
			continue
		}
		if _, ok := compileRuns(s.Pattern.Expr); !ok {
			t.Errorf("%s.%s: %s is not in the runs form", field.op, field.name, s.Pattern.Expr)
		}
	}
}

// sample returns a string that re probably matches: random strings are
// tried until one does (or the last one).
func sample(rng *rand.Rand, re *regexp.Regexp, chars []string) string {
	var s string
	for range 200 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(chars[rng.IntN(len(chars))])
		}
		if s = b.String(); re.MatchString(s) {
			return s
		}
	}
	return s
}

// edit changes s once: a character inserted, removed or replaced, or
// nothing.
func edit(rng *rand.Rand, s string, chars []string) string {
	r := []rune(s)
	i := 0
	if len(r) > 0 {
		i = rng.IntN(len(r))
	}
	c := []rune(chars[rng.IntN(len(chars))])
	switch rng.IntN(4) {
	case 0:
		return string(r[:i]) + string(c) + string(r[i:])
	case 1:
		if len(r) > 0 {
			return string(r[:i]) + string(r[i+1:])
		}
	case 2:
		if len(r) > 0 {
			return string(r[:i]) + string(c) + string(r[i+1:])
		}
	}
	return s
}

// TestIsDecimalText: the hand-written check answers as its regular
// expression on every string of up to four characters of "-.0a" and on
// random longer ones.
func TestIsDecimalText(t *testing.T) {
	re := regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		if got, want := isDecimalText(prefix), re.MatchString(prefix); got != want {
			t.Errorf("isDecimalText(%q) = %v, want %v", prefix, got, want)
		}
		if n == 0 {
			return
		}
		for _, c := range []string{"-", ".", "0", "9", "a", "/", ":"} {
			all(prefix+c, n-1)
		}
	}
	all("", 5)
	for _, s := range []string{"123.456", "-0.1", "1e5", "--1", "1.2.3", "1.", ".5", "-", "12345678901234567890.12345"} {
		if got, want := isDecimalText(s), re.MatchString(s); got != want {
			t.Errorf("isDecimalText(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzRunsMatcher: on any string, the runs form of each pattern that has
// one answers as regexp does.
func FuzzRunsMatcher(f *testing.F) {
	exprs := append(specPatterns(), runsForm...)
	for _, s := range []string{"", "KRW-BTC", "C0101000003152294086", "abc_DEF-12", "2024-01-02", "\xff", "가나"} {
		f.Add(uint8(0), s)
	}
	f.Fuzz(func(t *testing.T, i uint8, s string) {
		expr := exprs[int(i)%len(exprs)]
		m, ok := compileRuns(expr)
		if !ok {
			return
		}
		if got, want := m.MatchString(s), regexp.MustCompile(expr).MatchString(s); got != want {
			t.Errorf("%s on %q: runs form %v, regexp %v", expr, s, got, want)
		}
	})
}
