package ratelimit

import (
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/sim/clock"
)

func TestBucketAndHeaders(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := New([]Category{{Name: "public-ticker", PerSecond: 150}, {Name: "private-other", PerSecond: 140}},
		Config{Overrides: map[string]float64{"public-ticker": 3}, ExcessBeforeBlock: -1}, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		d := l.Allow("1.2.3.4", "public-ticker")
		if !d.Allowed || d.Remaining != 2-i || d.Burst != 3 || d.Replenish != 3 || d.Requested != 1 {
			t.Fatalf("request %d: %+v", i, d)
		}
	}
	if d := l.Allow("1.2.3.4", "public-ticker"); d.Allowed || d.RetryAfter <= 0 || d.Blocked {
		t.Fatalf("over: %+v", d)
	}
	if d := l.Allow("5.6.7.8", "public-ticker"); !d.Allowed {
		t.Fatal("other IPs have their own bucket")
	}
	if d := l.Allow("1.2.3.4", "private-other"); !d.Allowed || d.Burst != 140 || d.Remaining != 139 {
		t.Fatalf("other category: %+v", d)
	}
	now = now.Add(400 * time.Millisecond)
	if d := l.Allow("1.2.3.4", "public-ticker"); !d.Allowed || d.Remaining != 0 {
		t.Fatalf("after refill: %+v", d)
	}
}

func TestBlock(t *testing.T) {
	c := clock.NewFake(time.Unix(1_700_000_000, 0))
	l := New([]Category{{Name: "private-order", PerSecond: 2}, {Name: "private-cancel", PerSecond: 2}, {Name: "public-other", PerSecond: 2}},
		Config{ExcessBeforeBlock: 3, BlockScale: 0.001}, c.Now)
	l.Allow("ip", "private-order")
	l.Allow("ip", "private-order")
	var d Decision
	for i := 0; i < 3; i++ {
		d = l.Allow("ip", "private-order")
	}
	if !d.Blocked || d.RetryAfter != 600*time.Millisecond {
		t.Fatalf("third excess: %+v", d)
	}
	if d := l.Allow("ip", "private-cancel"); d.Allowed || !d.Blocked {
		t.Fatalf("the private-trade group is blocked: %+v", d)
	}
	if d := l.Allow("ip", "public-other"); !d.Allowed {
		t.Fatalf("public is another group: %+v", d)
	}
	c.Advance(601 * time.Millisecond)
	if d := l.Allow("ip", "private-cancel"); !d.Allowed {
		t.Fatalf("after the block: %+v", d)
	}
	if BlockFor("public") != time.Minute || BlockFor("private-info") != 5*time.Minute || BlockFor(GroupOf("bulk")) != 10*time.Minute {
		t.Error("block durations")
	}
}

func TestDisabled(t *testing.T) {
	l := New([]Category{{Name: "bulk", PerSecond: 1}}, Config{Disabled: true}, nil)
	for i := 0; i < 10; i++ {
		if d := l.Allow("ip", "bulk"); !d.Allowed {
			t.Fatal("disabled limiter refused")
		}
	}
}
