package faults

import (
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/sim/clock"
)

func TestOneShotsAndFilter(t *testing.T) {
	i := New(Config{NextReset: 1, NextError: 1, Operations: []string{"placeOrder"}, Latency: clock.Duration(time.Millisecond)})
	if p := i.Decide("listAccounts"); p.Any() || p.Latency != 0 {
		t.Fatalf("filtered operation: %+v", p)
	}
	if p := i.Decide("placeOrder"); !p.Error || p.Latency != time.Millisecond {
		t.Fatalf("first: %+v", p)
	}
	if p := i.Decide("placeOrder"); !p.Reset {
		t.Fatalf("second: %+v", p)
	}
	if p := i.Decide("placeOrder"); p.Any() {
		t.Fatalf("third: %+v", p)
	}
	i.Reset()
	if c := i.Config(); c.Latency != 0 || len(c.Operations) != 0 {
		t.Fatalf("reset: %+v", c)
	}
}

func TestSeeded(t *testing.T) {
	draw := func() string {
		i := New(Config{Seed: 3, ErrorRate: 0.2, MalformedRate: 0.2, SlowBodyRate: 0.2})
		b := make([]byte, 0, 64)
		for n := 0; n < 64; n++ {
			p := i.Decide("x")
			switch {
			case p.Error:
				b = append(b, 'E')
			case p.Malformed:
				b = append(b, 'M')
			case p.SlowBody > 0:
				b = append(b, 'S')
			default:
				b = append(b, '.')
			}
		}
		return string(b)
	}
	a, b := draw(), draw()
	if a != b {
		t.Fatalf("%s\n%s", a, b)
	}
	for _, c := range "EMS." {
		if !contains(a, byte(c)) {
			t.Errorf("%q never drawn: %s", c, a)
		}
	}
}

func contains(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}
