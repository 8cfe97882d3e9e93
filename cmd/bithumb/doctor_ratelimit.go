package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// rateLimit reports the rate-limit state from the answers received: a
// 429 fails, a bucket nearly empty warns, and otherwise the last
// x-ratelimit-* headers of the public and of the signed calls are shown.
func (d *doctor) rateLimit() check {
	c := check{Name: "rate limit", Status: checkOK}
	var parts []string
	for _, private := range []bool{false, true} {
		kind := "public"
		if private {
			kind = "private"
		}
		var last *answer
		for i := range d.answers {
			a := &d.answers[i]
			if a.private != private {
				continue
			}
			if a.status == http.StatusTooManyRequests {
				c.Status = checkFail
				c.Detail = "Bithumb answered 429 (too many requests) to a " + kind + " call"
				if after := a.header.Get("Retry-After"); after != "" {
					c.Detail += "; Retry-After: " + after + " s"
				}
				c.Fix = "slow down: failed calls count toward the limit, and Bithumb blocks an IP for 1 to 10 minutes after too many; share one limiter between the programs on this IP"
				return c
			}
			if a.header.Get("X-Ratelimit-Remaining") != "" {
				last = a
			}
		}
		if last == nil {
			continue
		}
		remaining, err1 := strconv.Atoi(last.header.Get("X-Ratelimit-Remaining"))
		burst, err2 := strconv.Atoi(last.header.Get("X-Ratelimit-Burst-Capacity"))
		if err1 != nil || err2 != nil {
			parts = append(parts, kind+": unreadable x-ratelimit-* headers")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %d of %d requests left, refilled at %s/s", kind, remaining, burst, last.header.Get("X-Ratelimit-Replenish-Rate")))
		if remaining*10 < burst {
			c.Status = checkWarn
			c.Fix = "another program on this IP is using most of the limit; Bithumb counts per IP"
		}
	}
	if len(parts) == 0 {
		c.Detail = "no answer carried x-ratelimit-* headers"
		return c
	}
	c.Detail = strings.Join(parts, "; ")
	return c
}
