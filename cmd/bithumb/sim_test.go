package main

import (
	"bufio"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
)

// runSimUntilBanner runs `bithumb sim` on a free port with args until its
// banner is printed. It returns the banner and a function that stops the
// simulator and checks that it exited cleanly.
func runSimUntilBanner(t *testing.T, env map[string]string, args ...string) (banner string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var errOut syncBuffer
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"sim", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), pw, &errOut, mapEnv(env))
		pw.Close()
	}()
	lines := make(chan string, 1)
	go func() {
		var b strings.Builder
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			b.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "access key") {
				break
			}
		}
		lines <- b.String()
		io.Copy(io.Discard, pr)
	}()
	stop = func() {
		t.Helper()
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("sim exited %d: %s", code, errOut.String())
			}
		case <-time.After(10 * time.Second):
			t.Errorf("sim did not shut down; stderr %q", errOut.String())
		}
	}
	select {
	case banner = <-lines:
	case <-time.After(10 * time.Second):
		stop()
		t.Fatalf("no banner; stderr %q", errOut.String())
	}
	return banner, stop
}

// TestSimServesTheEnvironmentsKeysUntilInterrupted: `bithumb sim` gives
// its account the environment's keys, prints its URL and those keys, serves
// requests signed with them, and exits 0 when interrupted.
func TestSimServesTheEnvironmentsKeysUntilInterrupted(t *testing.T) {
	t.Parallel()
	const access, secret = "sim-cli-access-key-0123456789", "sim-cli-secret-key-0123456789"
	env := map[string]string{"BITHUMB_ACCESS_KEY": access, "BITHUMB_SECRET_KEY": secret}
	out, stop := runSimUntilBanner(t, env, "--seed", "3")
	defer stop()
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(out)
	if base == "" {
		t.Fatalf("no URL printed: %q", out)
	}
	if !strings.Contains(out, access) {
		t.Errorf("the environment's access key is not the account's: %s", out)
	}
	// The printed URL serves signed requests made with the same keys.
	if r := runCLI(t, nil, env, "api", "--api-url", base, "/v1/accounts"); r.code != 0 || !strings.Contains(r.stdout, `"currency":"KRW"`) {
		t.Errorf("api against the simulator: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
}

func TestDemoRunsOffline(t *testing.T) {
	t.Parallel()
	var stdout, stderr strings.Builder
	code := run(t.Context(), []string{"demo"}, strings.NewReader(""), &stdout, &stderr, mapEnv(nil))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, step := range []string{"Markets", "Ticker", "Orderbook", "Limit buy", "cancelled", "Market buy", "New balances"} {
		if !strings.Contains(stdout.String(), step) {
			t.Errorf("the tour has no %q step:\n%s", step, stdout.String())
		}
	}
}
