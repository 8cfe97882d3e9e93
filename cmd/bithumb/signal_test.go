//go:build unix

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/sim/store"
)

// mainHelperEnv makes the test binary run main (see TestRunMainHelper).
const mainHelperEnv = "BITHUMB_TEST_RUN_MAIN"

// TestRunMainHelper is not a test of its own: a test that needs the
// real process (its signal handling, its exit status) runs the test
// binary again with mainHelperEnv=1 and -test.run=^TestRunMainHelper$,
// followed by "--" and the command line; this function then runs main
// with that command line, and main ends the process.
func TestRunMainHelper(t *testing.T) {
	if os.Getenv(mainHelperEnv) != "1" {
		t.Skip("runs main in a child process of another test")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Args = append([]string{"bithumb"}, args...)
	main()
}

// TestSimStopsCleanlyOnSignals: `bithumb sim` stops on SIGTERM (what
// docker stop and service managers send) as on SIGINT: it exits with
// status 0 after its final checkpoint, so the exchange's state as of the
// signal reloads from the data directory.
func TestSimStopsCleanlyOnSignals(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			data := filepath.Join(dir, "data")
			config := filepath.Join(dir, "sim.json")
			// A fast exchange clock, so that the market trades between two
			// requests; a short history, so that it starts quickly.
			if err := os.WriteFile(config, []byte(`{"time_scale": 600, "history_days": 2}`), 0o600); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			sim, base := startMain(ctx, t, "sim", "--addr", "127.0.0.1:0", "--seed", "5", "--data", data, "--config", config)

			// A trade made after the simulator started (and so after the
			// checkpoint it writes on start): only the final checkpoint
			// can hold it.
			first := lastTradeSeq(ctx, t, base)
			seq := first
			for seq == first && ctx.Err() == nil {
				seq = lastTradeSeq(ctx, t, base)
			}

			if err := sim.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if err := sim.cmd.Wait(); err != nil {
				t.Errorf("after %v: %v (want exit status 0); stderr:\n%s", sig, err, sim.stderr.String())
			}

			st, err := store.Open(data)
			if err != nil {
				t.Fatalf("reopening the data directory: %v", err)
			}
			defer st.Close()
			snap, err := st.Load()
			if err != nil {
				t.Fatalf("reloading the state: %v", err)
			}
			if got := snap.Markets["KRW-BTC"].Seq; got < seq {
				t.Errorf("the saved KRW-BTC tape ends at trade %d, before trade %d seen before %v: no final checkpoint", got, seq, sig)
			}
		})
	}
}

// mainProcess is a child process running main.
type mainProcess struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
}

// startMain runs main with args in a child process (see
// TestRunMainHelper) and returns once it has printed its REST URL, with
// that URL. The environment's BITHUMB_ variables are left out, so that no
// real key reaches the child. The child is killed if ctx ends first.
func startMain(ctx context.Context, t *testing.T, args ...string) (*mainProcess, string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, os.Args[0], append([]string{"-test.run=^TestRunMainHelper$", "--"}, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BITHUMB_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, mainHelperEnv+"=1")
	cmd.WaitDelay = 10 * time.Second
	p := &mainProcess{cmd: cmd, stderr: new(syncBuffer)}
	cmd.Stderr = p.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	// The banner also lists the simulator's generated API keys: the
	// lines are read here and never printed.
	found := make(chan string, 1)
	go func() {
		urlRE := regexp.MustCompile(`^\s*REST:\s+(http://127\.0\.0\.1:\d+)\s*$`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := urlRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		close(found)
		io.Copy(io.Discard, stdout)
	}()
	select {
	case base, ok := <-found:
		if !ok {
			t.Fatalf("the process printed no REST URL; stderr:\n%s", p.stderr.String())
		}
		return p, base
	case <-ctx.Done():
		t.Fatalf("no REST URL before the deadline; stderr:\n%s", p.stderr.String())
	}
	return nil, ""
}

// lastTradeSeq returns the sequential id of the latest KRW-BTC trade that
// the simulator at base reports.
func lastTradeSeq(ctx context.Context, t *testing.T, base string) int64 {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/v1/trades/ticks?market=KRW-BTC&count=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var trades []struct {
		SequentialID json.RawMessage `json:"sequential_id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&trades); err != nil || resp.StatusCode != http.StatusOK || len(trades) == 0 {
		t.Fatalf("trades: HTTP %d, %d trades, %v", resp.StatusCode, len(trades), err)
	}
	seq, err := strconv.ParseInt(strings.Trim(string(trades[0].SequentialID), `"`), 10, 64)
	if err != nil {
		t.Fatal(fmt.Errorf("sequential_id %s: %w", trades[0].SequentialID, errors.Unwrap(err)))
	}
	return seq
}
