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

func TestSimServesTheEnvironmentsKeysUntilInterrupted(t *testing.T) {
	t.Parallel()
	const access, secret = "sim-cli-access-key-0123456789", "sim-cli-secret-key-0123456789"
	env := mapEnv(map[string]string{"BITHUMB_ACCESS_KEY": access, "BITHUMB_SECRET_KEY": secret})
	ctx, cancel := context.WithCancel(context.Background())
	var errOut syncBuffer
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"sim", "--addr", "127.0.0.1:0", "--seed", "3"}, strings.NewReader(""), pw, &errOut, env)
		pw.Close()
	}()
	// The banner: the REST URL, then the keys of the accounts.
	banner := make(chan string, 1)
	go func() {
		var lines []string
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if strings.Contains(sc.Text(), "access key") {
				break
			}
		}
		banner <- strings.Join(lines, "\n")
		io.Copy(io.Discard, pr)
	}()
	var out string
	select {
	case out = <-banner:
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatalf("no banner printed; stderr %q", errOut.String())
	}
	urlRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	base := urlRE.FindString(out)
	if base == "" {
		cancel()
		t.Fatalf("no URL printed: %q %q", out, errOut.String())
	}
	if !strings.Contains(out, access) {
		t.Errorf("the environment's access key is not the account's: %s", out)
	}
	// The printed URL serves signed requests made with the same keys.
	var stdout, stderr strings.Builder
	code := run(context.Background(), []string{"api", "--api-url", base, "/v1/accounts"}, strings.NewReader(""), &stdout, &stderr, env)
	if code != 0 || !strings.Contains(stdout.String(), `"currency":"KRW"`) {
		t.Errorf("api against the simulator: exit %d, %s %s", code, stdout.String(), stderr.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("sim exited %d: %s", code, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sim did not shut down")
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
