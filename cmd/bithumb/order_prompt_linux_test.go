//go:build linux

package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// orderPrompt is the question before an order is placed.
const orderPrompt = "Place this order? [y/N] "

// answerOnTerminal runs args with env on a new pseudo-terminal, answers
// the order's confirmation with answer and returns what the command did.
// It skips the test where there are no pseudo-terminals.
func answerOnTerminal(t *testing.T, env map[string]string, args []string, answer string) result {
	t.Helper()
	master, tty := openPTY(t)
	var stdout bytes.Buffer
	stderr := newWatchedBuffer(tty)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if !stderr.waitFor(orderPrompt, 10*time.Second) {
			t.Errorf("no prompt; stderr %q", stderr.String())
			return
		}
		if _, err := master.Write([]byte(answer + "\n")); err != nil {
			t.Error(err)
		}
	}()
	code := run(t.Context(), args, tty, &stdout, stderr, mapEnv(env))
	<-done
	drain(t, master)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// TestOrderConfirmationPrompt answers the confirmation on a terminal: the
// summary shows what the order costs before the question, "n" places
// nothing and "y" places the order.
func TestOrderConfirmationPrompt(t *testing.T) {
	s := startTradeSim(t, nil)
	env := s.env(nil)
	args := []string{"buy", "KRW-BTC", "--price", "140000000", "--volume", "0.001"}

	r := answerOnTerminal(t, env, args, "n")
	if r.code != 1 || !strings.Contains(r.stderr, "the order was not placed") || r.stdout != "" {
		t.Errorf("answer n: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	summary, _, _ := strings.Cut(r.stderr, orderPrompt)
	wantAll(t, "the summary before the prompt", summary,
		"KRW-BTC (BTC/KRW)", "bid (buy)", "limit", "140000000 KRW", "0.001 BTC", "140000 KRW", "350 KRW (0.25%)")
	if n := s.count("POST /v2/orders"); n != 0 {
		t.Fatalf("answer n sent %d orders", n)
	}

	r = answerOnTerminal(t, env, args, "y")
	if r.code != 0 || !strings.Contains(r.stdout, "order id") {
		t.Errorf("answer y: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if n := s.count("POST /v2/orders"); n != 1 {
		t.Errorf("answer y sent %d orders, want 1", n)
	}
}
