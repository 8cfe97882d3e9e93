//go:build linux

package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestOrderConfirmationPrompt answers the confirmation on a terminal: the
// summary shows what the order costs before the question, "n" places
// nothing and "y" places the order.
func TestOrderConfirmationPrompt(t *testing.T) {
	master, tty := openPTY(t)
	s := startTradeSim(t, nil)
	env := s.env(nil)
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	const prompt = "Place this order? [y/N] "
	answer := func(line string) (int, string, string) {
		var stdout bytes.Buffer
		stderr := newWatchedBuffer(tty)
		done := make(chan struct{})
		go func() {
			defer close(done)
			if !stderr.waitFor(prompt, 10*time.Second) {
				t.Errorf("no prompt; stderr %q", stderr.String())
				return
			}
			if _, err := master.Write([]byte(line + "\n")); err != nil {
				t.Error(err)
			}
		}()
		code := run(t.Context(), []string{"buy", "KRW-BTC", "--price", "140000000", "--volume", "0.001"}, tty, &stdout, stderr, lookup)
		<-done
		drain(t, master)
		return code, stdout.String(), stderr.String()
	}

	code, stdout, stderr := answer("n")
	if code != 1 || !strings.Contains(stderr, "the order was not placed") || stdout != "" {
		t.Errorf("answer n: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	summary, _, _ := strings.Cut(stderr, prompt)
	wantAll(t, "the summary before the prompt", summary,
		"KRW-BTC (BTC/KRW)", "bid (buy)", "limit", "140000000 KRW", "0.001 BTC", "140000 KRW", "350 KRW (0.25%)")
	if n := s.count("POST /v2/orders"); n != 0 {
		t.Fatalf("answer n sent %d orders", n)
	}

	code, stdout, stderr = answer("y")
	if code != 0 || !strings.Contains(stdout, "order id") {
		t.Errorf("answer y: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if n := s.count("POST /v2/orders"); n != 1 {
		t.Errorf("answer y sent %d orders, want 1", n)
	}
}
