package main

import (
	"net"
	"testing"

	"github.com/bithumb-go/bithumb/sim"
)

// TestSimListensOnLoopbackByDefault: `bithumb sim` without --addr, and
// sim.Start with an empty address, bind to a loopback address only. The
// simulator has an unauthenticated admin API (/_sim/...), so it must never
// be reachable from the network unless asked for.
func TestSimListensOnLoopbackByDefault(t *testing.T) {
	t.Parallel()
	flag := newSimCommand(&app{}).Flags().Lookup("addr")
	if flag == nil {
		t.Fatal("bithumb sim has no --addr flag")
	}
	for name, addr := range map[string]string{"bithumb sim --addr default": flag.DefValue, "sim.DefaultAddr": sim.DefaultAddr} {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			t.Errorf("%s %q: %v", name, addr, err)
			continue
		}
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			t.Errorf("%s is %q, want a loopback address", name, addr)
		}
	}
}
