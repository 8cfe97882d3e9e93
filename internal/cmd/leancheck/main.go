// Command leancheck measures what importing the root package costs a
// program: it builds a throwaway consumer module that imports only
// github.com/bithumb-go/bithumb, calls New and ListTickers, and reports
//
//   - the requirements that `go mod tidy` writes into the consumer's
//     go.mod, with any build-time tool among them (a generator, a test or
//     server library) named as a failure;
//   - the size of the consumer's binary;
//   - the time the first New of a process takes (one-time set-up
//     included), as the median over several processes.
//
// It prints a markdown table for docs/benchmarks.md and exits non-zero
// when a target is missed: at most -max-requires requirements, a binary of
// at most -max-binary-mb MB, New in at most -max-new. Run it with
// `make lean`. It needs the Go module proxy (for the consumer's
// `go mod tidy`), so it is not part of `make test`.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// buildTimeModules are modules a client binary must never pull in: code
// generators, OpenAPI tooling, servers and test libraries of this
// repository. A consumer's go.mod that lists one of them fails the check.
var buildTimeModules = []string{
	"github.com/oapi-codegen/oapi-codegen",
	"github.com/speakeasy-api/",
	"golang.org/x/tools",
	"github.com/getkin/kin-openapi",
	"github.com/Shopify/toxiproxy",
	"github.com/redis/go-redis",
	"go.etcd.io/bbolt",
	"github.com/spf13/cobra",
	"gonum.org/v1/plot",
	"go.uber.org/goleak",
	"github.com/google/go-cmp",
}

// floorMain is the smallest program that does the same job without the
// SDK: one HTTPS GET decoded with encoding/json. Its size is the floor
// that the standard library's net/http and crypto/tls set on this
// toolchain, reported next to the consumer's.
const floorMain = `package main

import (
	"encoding/json"
	"fmt"
	"net/http"
)

func main() {
	resp, err := http.Get("https://api.bithumb.com/v1/ticker?markets=KRW-BTC")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var v []map[string]any
	fmt.Println(json.NewDecoder(resp.Body).Decode(&v), v)
}
`

const consumerMain = `package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/bithumb-go/bithumb"
)

// With -time, main reports how long the process's first bithumb.New
// takes, which includes any one-time set-up; otherwise it fetches one
// ticker, the program whose size counts.
func main() {
	if len(os.Args) > 1 && os.Args[1] == "-time" {
		start := time.Now()
		if _, err := bithumb.New(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(time.Since(start).Nanoseconds())
		return
	}
	c, err := bithumb.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	tickers, err := c.ListTickers(ctx, "KRW-BTC")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(tickers[0].TradePrice)
}
`

func main() {
	repo := flag.String("repo", ".", "root of the bithumb-go repository")
	maxRequires := flag.Int("max-requires", 10, "most requirements the consumer's go.mod may list")
	maxBinaryMB := flag.Float64("max-binary-mb", 6.5, "largest consumer binary, in MB (10^6 bytes)")
	maxNew := flag.Duration("max-new", time.Millisecond, "longest median time of bithumb.New")
	keep := flag.Bool("keep", false, "keep the consumer module and print its directory")
	flag.Parse()
	if err := run(*repo, *maxRequires, *maxBinaryMB, *maxNew, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "leancheck:", err)
		os.Exit(1)
	}
}

func run(repo string, maxRequires int, maxBinaryMB float64, maxNew time.Duration, keep bool) error {
	repo, err := filepath.Abs(repo)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "bithumb-consumer-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Fprintln(os.Stderr, "consumer module:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	goMod := "module example.com/consumer\n\ngo 1.25.0\n\nrequire github.com/bithumb-go/bithumb v0.0.0\n\nreplace github.com/bithumb-go/bithumb => " + repo + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(goMod), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(consumerMain), 0o644); err != nil {
		return err
	}
	if _, err := goCmd(dir, "mod", "tidy"); err != nil {
		return err
	}
	modJSON, err := goCmd(dir, "mod", "edit", "-json")
	if err != nil {
		return err
	}
	var mf struct{ Require []struct{ Path string } }
	if err := json.Unmarshal([]byte(modJSON), &mf); err != nil {
		return fmt.Errorf("reading the consumer's go.mod: %w", err)
	}
	var requires, tools []string
	for _, r := range mf.Require {
		if r.Path == "github.com/bithumb-go/bithumb" {
			continue
		}
		requires = append(requires, r.Path)
		for _, bad := range buildTimeModules {
			if strings.HasPrefix(r.Path, bad) {
				tools = append(tools, r.Path)
			}
		}
	}
	bin := filepath.Join(dir, "consumer")
	if _, err := goCmd(dir, "build", "-o", bin, "."); err != nil {
		return err
	}
	mb, err := sizeMB(bin)
	if err != nil {
		return err
	}
	floorMB, err := buildFloor(dir)
	if err != nil {
		return err
	}
	newTime, err := medianFirstNew(bin, newRuns)
	if err != nil {
		return err
	}

	goVersion, _ := goCmd(dir, "env", "GOVERSION")
	fmt.Printf("Consumer module: imports only `github.com/bithumb-go/bithumb`, calls `New` and `ListTickers` (%s, %s/%s, %d CPUs).\n\n",
		strings.TrimSpace(goVersion), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Println("| measure | value | target | |")
	fmt.Println("|---|---|---|---|")
	row := func(name, value, target string, ok bool) {
		mark := "met"
		if !ok {
			mark = "**missed**"
		}
		fmt.Printf("| %s | %s | %s | %s |\n", name, value, target, mark)
	}
	row("requirements in the consumer's go.mod", fmt.Sprint(len(requires)), fmt.Sprintf("≤ %d, no build-time tools", maxRequires), len(requires) <= maxRequires && len(tools) == 0)
	row("binary size", fmt.Sprintf("%.1f MB", mb), fmt.Sprintf("≤ %.1f MB", maxBinaryMB), mb <= maxBinaryMB)
	fmt.Printf("| floor: net/http + encoding/json alone, one GET | %.1f MB | (reference) | |\n", floorMB)
	row(fmt.Sprintf("first `bithumb.New` of a process (median of %d)", newRuns), newTime.Round(time.Microsecond).String(), "≤ "+maxNew.String(), newTime <= maxNew)
	fmt.Printf("\nRequirements: %s\n", strings.Join(requires, ", "))

	var failed []string
	if len(tools) > 0 {
		failed = append(failed, "build-time modules in the consumer's go.mod: "+strings.Join(tools, ", "))
	}
	if len(requires) > maxRequires {
		failed = append(failed, fmt.Sprintf("%d requirements, want at most %d", len(requires), maxRequires))
	}
	if mb > maxBinaryMB {
		failed = append(failed, fmt.Sprintf("binary of %.1f MB, want at most %.1f", mb, maxBinaryMB))
	}
	if newTime > maxNew {
		failed = append(failed, fmt.Sprintf("New takes %v, want at most %v", newTime, maxNew))
	}
	if len(failed) > 0 {
		return fmt.Errorf("%s", strings.Join(failed, "; "))
	}
	return nil
}

// sizeMB returns the size of the file at path in MB (10^6 bytes).
func sizeMB(path string) (float64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return float64(st.Size()) / 1e6, nil
}

// buildFloor builds floorMain in a module of its own under dir and
// returns its size in MB.
func buildFloor(dir string) (float64, error) {
	floor := filepath.Join(dir, "floor")
	if err := os.Mkdir(floor, 0o755); err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(floor, "go.mod"), []byte("module example.com/floor\n\ngo 1.25.0\n"), 0o644); err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(floor, "main.go"), []byte(floorMain), 0o644); err != nil {
		return 0, err
	}
	if _, err := goCmd(floor, "build", "-o", "floor", "."); err != nil {
		return 0, err
	}
	return sizeMB(filepath.Join(floor, "floor"))
}

// newRuns is how many fresh processes time their first New.
const newRuns = 21

// medianFirstNew runs the consumer binary runs times with -time and
// returns the median of the durations of each process's first New.
func medianFirstNew(bin string, runs int) (time.Duration, error) {
	d := make([]time.Duration, runs)
	for i := range d {
		out, err := exec.Command(bin, "-time").Output()
		if err != nil {
			return 0, fmt.Errorf("timing New: %w", err)
		}
		var ns int64
		if _, err := fmt.Sscan(string(out), &ns); err != nil {
			return 0, fmt.Errorf("timing New: %q: %w", out, err)
		}
		d[i] = time.Duration(ns)
	}
	slices.Sort(d)
	return d[runs/2], nil
}

// goCmd runs the go command in dir and returns its standard output; its
// standard error is part of the error.
func goCmd(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}
