package ratewindow

import (
	"testing"
	"time"
)

func TestBusiest(t *testing.T) {
	t.Parallel()
	t0 := time.Unix(1_700_000_000, 0)
	at := func(ms ...int) []time.Time {
		var ts []time.Time
		for _, m := range ms {
			ts = append(ts, t0.Add(time.Duration(m)*time.Millisecond))
		}
		return ts
	}
	for _, tt := range []struct {
		times []time.Time
		want  int
	}{
		{nil, 0},
		{at(0), 1},
		{at(0, 999), 2},
		{at(0, 1000), 1},                        // the window's end is not in it
		{at(2500, 0, 1200, 1300, 100, 2100), 3}, // unsorted: 1200, 1300, 2100
		{at(0, 0, 0, 1000), 3},
	} {
		in := append([]time.Time(nil), tt.times...)
		if got := Busiest(tt.times, time.Second); got != tt.want {
			t.Errorf("Busiest(%v) = %d, want %d", tt.times, got, tt.want)
		}
		for i := range in {
			if !in[i].Equal(tt.times[i]) {
				t.Fatalf("Busiest reordered its argument")
			}
		}
	}
}
