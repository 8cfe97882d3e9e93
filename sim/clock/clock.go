package clock

import (
	"sync"
	"time"
)

// Clock tells the time. Implementations must be safe for concurrent use.
type Clock interface {
	Now() time.Time
}

// Func adapts a function to Clock.
type Func func() time.Time

// Now calls f.
func (f Func) Now() time.Time { return f() }

// Real is the system clock. Its zero value is ready to use.
type Real struct{}

// Now returns time.Now().
func (Real) Now() time.Time { return time.Now() }

// Fake is a clock that moves only when told to. Create one with NewFake;
// the zero value starts at the zero time. It is safe for concurrent use.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// NewFake returns a fake clock showing start.
func NewFake(start time.Time) *Fake { return &Fake{now: start} }

// Now returns the clock's current time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Advance moves the clock forward by d (backward when d is negative) and
// returns the new time.
func (f *Fake) Advance(d time.Duration) time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	return f.now
}

// Set moves the clock to t.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t
}

// Scaled is a clock that starts at Start and runs Scale times faster than
// base (Scale 60 turns one real second into one simulated minute). Create
// one with NewScaled; it is safe for concurrent use.
type Scaled struct {
	base  Clock
	start time.Time
	from  time.Time
	scale float64
}

// NewScaled returns a clock that shows start now and then advances scale
// times as fast as base. A scale of 0 or less is treated as 1. A nil base
// is the real clock.
func NewScaled(base Clock, start time.Time, scale float64) *Scaled {
	if base == nil {
		base = Real{}
	}
	if scale <= 0 {
		scale = 1
	}
	return &Scaled{base: base, start: start, from: base.Now(), scale: scale}
}

// Now returns the scaled time.
func (s *Scaled) Now() time.Time {
	elapsed := s.base.Now().Sub(s.from)
	return s.start.Add(time.Duration(float64(elapsed) * s.scale))
}

// Duration is a time.Duration that JSON (and so YAML config files) write
// as text such as "1.5s" or "10m"; a bare JSON number is nanoseconds.
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// MarshalJSON writes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Duration(d).String() + `"`), nil
}

// UnmarshalJSON reads "1.5s"-style text or a number of nanoseconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	if len(s) >= 2 && s[0] == '"' {
		v, err := time.ParseDuration(s[1 : len(s)-1])
		if err != nil {
			return err
		}
		*d = Duration(v)
		return nil
	}
	var n int64
	for i, c := range s {
		if c < '0' || c > '9' {
			if !(i == 0 && c == '-') {
				return &time.ParseError{Layout: "duration", Value: s}
			}
			continue
		}
		n = n*10 + int64(c-'0')
	}
	if s != "" && s[0] == '-' {
		n = -n
	}
	*d = Duration(n)
	return nil
}
