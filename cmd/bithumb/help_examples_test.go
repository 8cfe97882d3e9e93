//go:build linux

// The interactive `bithumb auth set` example needs a pseudo-terminal
// (openPTY in terminal_linux_test.go), hence the build constraint.

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/credentials"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/spf13/cobra"
)

// exampleTested lists the commands whose --help examples a test runs.
// A new command with an Example fails TestEveryHelpExampleIsRun until
// a test runs its examples and the command is added here.
var exampleTested = map[string]string{
	"bithumb":               "market_test.go",
	"bithumb api":           "api_examples_test.go",
	"bithumb markets":       "market_test.go",
	"bithumb ticker":        "market_test.go",
	"bithumb orderbook":     "market_test.go",
	"bithumb trades":        "market_test.go",
	"bithumb candles":       "market_test.go",
	"bithumb version":       "market_test.go",
	"bithumb order":         "order_examples_test.go",
	"bithumb order place":   "order_examples_test.go",
	"bithumb order get":     "order_examples_test.go",
	"bithumb order list":    "order_examples_test.go",
	"bithumb order cancel":  "order_examples_test.go",
	"bithumb buy":           "order_examples_test.go",
	"bithumb sell":          "order_examples_test.go",
	"bithumb balance":       "order_examples_test.go",
	"bithumb deposits":      "order_examples_test.go",
	"bithumb withdrawals":   "order_examples_test.go",
	"bithumb wallet":        "order_examples_test.go",
	"bithumb wallet status": "order_examples_test.go",
	"bithumb api-keys":      "order_examples_test.go",
	"bithumb watch":         "watch_sim_test.go",
	"bithumb doctor":        "TestDoctorExamplesRun",
	"bithumb contract":      "TestContractExamplesRun",
	"bithumb auth set":      "TestAuthExamplesRun",
	"bithumb auth show":     "TestAuthExamplesRun",
	"bithumb sim":           "TestSimExamplesRun",
}

func TestEveryHelpExampleIsRun(t *testing.T) {
	t.Parallel()
	root := newRootCommand(nil, nil, nil, func(string) (string, bool) { return "", false })
	var walk func(*cobra.Command)
	seen := map[string]bool{}
	walk = func(c *cobra.Command) {
		if strings.TrimSpace(c.Example) != "" {
			seen[c.CommandPath()] = true
			if _, ok := exampleTested[c.CommandPath()]; !ok {
				t.Errorf("%s has examples in its --help that no test runs: run them in a test and add it to exampleTested", c.CommandPath())
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for path := range exampleTested {
		if !seen[path] {
			t.Errorf("exampleTested lists %q, which has no examples (or no longer exists)", path)
		}
	}
}

// simURLWords returns words with each http://127.0.0.1:8080 replaced by
// url, failing the test if there is none.
func simURLWords(t *testing.T, words []string, url string) []string {
	t.Helper()
	i := slices.Index(words, "http://127.0.0.1:8080")
	if i < 0 {
		t.Fatalf("no http://127.0.0.1:8080 in %q", words)
	}
	words = slices.Clone(words)
	words[i] = url
	return words
}

// TestDoctorExamplesRun runs the examples of `bithumb doctor` against the
// simulator: the keys are the simulator's, so every check passes and the
// jq selection of failed checks is empty; with a wrong secret key it
// selects the authentication check.
func TestDoctorExamplesRun(t *testing.T) {
	t.Parallel()
	s := startSim(t, withHistoryDays(40))
	examples := exampleCommands(t, subcommand(t, "doctor"))
	if len(examples) != 3 {
		t.Fatalf("%d doctor examples, want 3 (update this test)", len(examples))
	}

	// bithumb doctor
	ex := examples[0]
	if strings.Join(ex.args(), " ") != "doctor" {
		t.Fatalf("first example %q, want bithumb doctor", ex.text)
	}
	r := runCLI(t, nil, s.env(nil), ex.args()...)
	if r.code != 0 || !strings.Contains(r.stdout, "✔") || strings.Contains(r.stdout, "✘") {
		t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", ex.text, r.code, r.stdout, r.stderr)
	}

	// bithumb doctor --json | jq '.checks[] | select(.status == "fail")'
	ex = examples[1]
	const jq = `| jq '.checks[] | select(.status == "fail")'`
	if !strings.HasSuffix(ex.text, jq) {
		t.Fatalf("second example %q does not end %s: update the selection below", ex.text, jq)
	}
	failed := func(env map[string]string) (int, []string) {
		r := runCLI(t, nil, env, ex.args()...)
		var report struct {
			Checks []struct {
				Name   string `json:"name"`
				Status string `json:"status"`
			} `json:"checks"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &report); err != nil || len(report.Checks) == 0 {
			t.Fatalf("%s: no checks (%v)\nstdout: %s\nstderr: %s", ex.text, err, r.stdout, r.stderr)
		}
		var names []string
		for _, c := range report.Checks {
			if c.Status == "fail" {
				names = append(names, c.Name)
			}
		}
		return r.code, names
	}
	if code, names := failed(s.env(nil)); code != 0 || len(names) != 0 {
		t.Errorf("%s with the simulator's keys: exit %d, failed checks %q", ex.text, code, names)
	}
	bad := s.env(map[string]string{"BITHUMB_SECRET_KEY": "SK-another-secret-0123456789"})
	if code, names := failed(bad); code != 1 || !slices.Contains(names, "authentication") {
		t.Errorf("%s with a wrong secret key: exit %d, failed checks %q, want authentication", ex.text, code, names)
	}

	// bithumb doctor --api-url http://127.0.0.1:8080: the flag alone
	// points it at the simulator.
	ex = examples[2]
	r = runCLI(t, nil, keyEnv(), simURLWords(t, ex.words, s.url)[1:]...)
	if r.code != 0 || !strings.Contains(r.stdout, "✔") || strings.Contains(r.stdout, "✘") {
		t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", ex.text, r.code, r.stdout, r.stderr)
	}
}

// checkConfigMarkets checks that the simulator at url trades exactly the
// markets of the configuration file.
func checkConfigMarkets(t *testing.T, example, file, url string) {
	t.Helper()
	cfg, err := sim.LoadConfig(file)
	if err != nil || len(cfg.Markets) == 0 {
		t.Fatalf("%s: the configuration %s: %v, %d markets", example, file, err, len(cfg.Markets))
	}
	var want []string
	for _, m := range cfg.Markets {
		want = append(want, m.Code)
	}
	r := runCLI(t, nil, nil, "api", "--api-url", url, "/v1/market/all")
	var markets []struct {
		Market string `json:"market"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &markets); err != nil {
		t.Fatalf("%s: /v1/market/all: exit %d, %v\nstdout: %s\nstderr: %s", example, r.code, err, r.stdout, r.stderr)
	}
	var got []string
	for _, m := range markets {
		got = append(got, m.Market)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s: the simulator trades %q, want the configuration's %q", example, got, want)
	}
}

// pipedCommand splits an example like
// "pass show x | VAR=value bithumb ..." into the command before the pipe,
// the environment assignments and the bithumb command's arguments.
func pipedCommand(t *testing.T, text string) (stdin string, env map[string]string, args []string) {
	t.Helper()
	parts := splitQuoted(t, text, "|")
	if len(parts) != 2 {
		t.Fatalf("%q is not one pipe", text)
	}
	words := shellWords(t, strings.TrimSpace(parts[1]))
	env = map[string]string{}
	for len(words) > 0 {
		k, v, ok := strings.Cut(words[0], "=")
		if !ok {
			break
		}
		env[k] = v
		words = words[1:]
	}
	if len(words) == 0 || words[0] != "bithumb" {
		t.Fatalf("%q does not pipe into bithumb", text)
	}
	return strings.TrimSpace(parts[0]), env, words[1:]
}

// TestAuthExamplesRun runs the examples of `bithumb auth set` and `bithumb
// auth show` as written, with the default credentials file in a temporary
// config directory: the first asks on a terminal for the keys and the
// passphrase, the second takes the secret key from a pipe and the
// passphrase from BITHUMB_PASSPHRASE. The keys saved sign for the
// simulator.
func TestAuthExamplesRun(t *testing.T) {
	// Not parallel: the default path comes from the process environment.
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	file := filepath.Join(home, ".config", "bithumb", "credentials.json")
	if path, err := credentials.DefaultPath(); err != nil || path != file {
		t.Fatalf("the default credentials path is %q, %v; want %q", path, err, file)
	}

	examples := commandLines(t, subcommand(t, "auth", "set").Example)
	if len(examples) != 2 {
		t.Fatalf("%d auth set examples, want 2 (update this test)", len(examples))
	}

	// bithumb auth set: everything typed on a terminal.
	ex := examples[0]
	if ex.stdin != "" || ex.words[0] != "bithumb" {
		t.Fatalf("first example %q, want a plain bithumb command", ex.text)
	}
	master, tty := openPTY(t)
	var stdout bytes.Buffer
	stderr := newWatchedBuffer(tty)
	code := runOnTerminal(t, tty, &stdout, stderr, func() {
		if !stderr.waitFor("Access key: ", 10*time.Second) {
			t.Errorf("no access key prompt; stderr %q", stderr.String())
			return
		}
		if _, err := master.Write([]byte(testAccess + "\n")); err != nil {
			t.Error(err)
			return
		}
		typeHidden(t, master, stderr, "Secret key (not shown): ", testSecret)
		typeHidden(t, master, stderr, "New passphrase: ", testPassphrase)
		typeHidden(t, master, stderr, "Repeat the passphrase: ", testPassphrase)
	}, ex.args()...)
	shown := drain(t, master) + stdout.String() + stderr.String()
	if strings.Contains(shown, testSecret) || strings.Contains(shown, testPassphrase) {
		t.Errorf("%s showed a secret", ex.text)
	}
	if code != 0 || !strings.Contains(stdout.String(), file) {
		t.Fatalf("%s: exit %d, stdout %q, stderr %q", ex.text, code, stdout.String(), stderr.String())
	}
	if c, err := credentials.Load(file, []byte(testPassphrase)); err != nil || !c.Equal(credentials.New(testAccess, testSecret)) {
		t.Errorf("%s saved %v, %v", ex.text, c, err)
	}

	// pass show bithumb/secret | BITHUMB_PASSPHRASE=... bithumb auth set
	// --access-key ... --secret-stdin: the secret on stdin.
	ex = examples[1]
	from, env, args := pipedCommand(t, ex.text)
	if from != "pass show bithumb/secret" || env["BITHUMB_PASSPHRASE"] != "..." {
		t.Fatalf("second example %q: update this test", ex.text)
	}
	env["BITHUMB_PASSPHRASE"] = testPassphrase
	i := slices.Index(args, "--access-key")
	if i < 0 || i+1 >= len(args) {
		t.Fatalf("%q has no --access-key", ex.text)
	}
	access := args[i+1]
	r := runCLI(t, strings.NewReader(testSecret+"\n"), env, args...)
	if r.code != 0 || !strings.Contains(r.stdout, file) || !strings.Contains(r.stdout, credentials.Mask(access)) {
		t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", ex.text, r.code, r.stdout, r.stderr)
	}
	if c, err := credentials.Load(file, []byte(testPassphrase)); err != nil || !c.Equal(credentials.New(access, testSecret)) {
		t.Errorf("%s saved %v, %v", ex.text, c, err)
	}

	// The saved keys sign for the simulator.
	s := startSim(t, withKey(auth.Key{AccessKey: access}))
	r = runCLI(t, nil, map[string]string{"BITHUMB_PASSPHRASE": testPassphrase}, "api", "--api-url", s.url, "/v1/accounts")
	if r.code != 0 || !strings.Contains(r.stdout, `"currency":"KRW"`) {
		t.Errorf("api with the saved keys: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}

	// bithumb auth show; bithumb auth show --check
	examples = exampleCommands(t, subcommand(t, "auth", "show"))
	if len(examples) != 2 {
		t.Fatalf("%d auth show examples, want 2 (update this test)", len(examples))
	}
	want := [][]string{
		{"source:      file " + file, "permissions: 0600 (ok)"},
		{"source:      file " + file, "access key:  " + credentials.Mask(access) + "\n", "check:       ok"},
	}
	for n, ex := range examples {
		r := runCLI(t, nil, map[string]string{"BITHUMB_PASSPHRASE": testPassphrase}, ex.args()...)
		for _, w := range want[n] {
			if r.code != 0 || !strings.Contains(r.stdout, w) {
				t.Errorf("%s: exit %d, missing %q in\nstdout: %s\nstderr: %s", ex.text, r.code, w, r.stdout, r.stderr)
			}
		}
	}
}

// TestSimExamplesRun runs the examples of `bithumb sim` on free loopback
// ports, each until its banner is printed, with the data directory and
// the configuration file of the examples under the test's directory and
// the repository's docs; the `bithumb api` example runs against the
// simulator the one before it started.
func TestSimExamplesRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	examples := exampleCommands(t, subcommand(t, "sim"))
	restURL := regexp.MustCompile(`REST: +(http://127\.0\.0\.1:\d+)\n`)
	var url string  // the REST URL of the running simulator
	var data string // the data directory of the --data example
	var stop func()
	defer func() {
		if stop != nil {
			stop()
		}
	}()
	ran := map[string]bool{}
	for _, ex := range examples {
		args := slices.Clone(ex.args())
		switch args[0] {
		case "sim":
			for i := 1; i < len(args); i++ {
				a := args[i]
				switch {
				case a == "127.0.0.1:8080":
					args[i] = "127.0.0.1:0" // a free port
				case args[i-1] == "--data":
					data = filepath.Join(dir, a)
					args[i] = data
				case args[i-1] == "--config":
					args[i] = filepath.Join("..", "..", a) // relative to the repository
				}
			}
			if stop != nil {
				stop()
			}
			var banner string
			banner, stop = runSimUntilBanner(t, keyEnv(), args[1:]...)
			if strings.Contains(banner, testSecret) {
				t.Errorf("%s: the banner shows the environment's secret key", ex.text)
			}
			m := restURL.FindStringSubmatch(banner)
			if m == nil || !strings.Contains(banner, "access key "+testAccess) {
				t.Fatalf("%s: no REST URL or no environment key in the banner", ex.text)
			}
			url = m[1]
			if i := slices.Index(args, "--config"); i > 0 {
				checkConfigMarkets(t, ex.text, args[i+1], url)
			}
			ran[strings.Join(ex.args(), " ")] = true
		case "api":
			if url == "" {
				t.Fatalf("%s: no simulator started before it", ex.text)
			}
			r := runCLI(t, nil, keyEnv(), simURLWords(t, ex.words, url)[1:]...)
			if r.code != 0 || !strings.Contains(r.stdout, `"currency":"KRW"`) {
				t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", ex.text, r.code, r.stdout, r.stderr)
			}
			ran[ex.text] = true
		default:
			t.Errorf("%s: not a sim or api example; update this test", ex.text)
		}
	}
	if len(ran) != len(examples) || len(examples) < 4 {
		t.Errorf("ran %d of %d examples", len(ran), len(examples))
	}
	if stop != nil {
		stop()
		stop = nil
	}
	// The --data example kept the exchange state.
	if data == "" {
		t.Error("no example keeps its state with --data")
	} else if entries, err := os.ReadDir(data); err != nil || len(entries) == 0 {
		t.Errorf("the --data example kept nothing in %s: %v", data, err)
	}
}
