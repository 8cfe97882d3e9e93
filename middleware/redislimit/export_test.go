package redislimit

import "time"

// SetWakeClock replaces the clock with which Wait checks how late it woke.
func SetWakeClock(l *Limiter, now func() time.Time) { l.now = now }
