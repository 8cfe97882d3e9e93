//go:build unix

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/spec"
)

// fakeSpecDiff installs a shell script named bithumb-specdiff in a new
// directory and returns a PATH holding only that directory. The script
// prints its arguments and the size of its standard input, and exits 1
// as bithumb-specdiff does when the documents differ.
func fakeSpecDiff(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\necho \"args: $*\"\necho \"stdin: $(wc -c)\"\necho 'a warning' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, specDiffProgram), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestSpecDiffRunsTheProgramOnTheBuiltInSpec checks what --spec-diff
// hands bithumb-specdiff: the built-in spec on stdin as BASE, the other
// document as OTHER, -json when asked; and that its exit status and
// output come through.
func TestSpecDiffRunsTheProgramOnTheBuiltInSpec(t *testing.T) {
	path := fakeSpecDiff(t)
	for _, asJSON := range []bool{false, true} {
		var out, errOut strings.Builder
		a := &app{stdout: &out, stderr: &errOut, lookup: func(k string) (string, bool) {
			if k == "PATH" {
				return "/nonexistent" + string(os.PathListSeparator) + path, true
			}
			return "", false
		}}
		err := a.specDiff(context.Background(), "their.yaml", asJSON)
		var exit *exitError
		if !errors.As(err, &exit) || exit.code != 1 {
			t.Fatalf("json=%v: err %v, want exit status 1 passed through", asJSON, err)
		}
		wantArgs := "args: - their.yaml"
		if asJSON {
			wantArgs = "args: -json - their.yaml"
		}
		want := wantArgs + "\nstdin: " + strconv.Itoa(len(spec.YAML)) + "\n"
		if out.String() != want || errOut.String() != "a warning\n" {
			t.Errorf("json=%v: stdout %q, stderr %q; want %q and the program's stderr", asJSON, out.String(), errOut.String(), want)
		}
	}
}

func TestSpecDiffWithoutTheProgramSaysHowToInstallIt(t *testing.T) {
	a := &app{lookup: func(k string) (string, bool) { return t.TempDir(), k == "PATH" }}
	err := a.specDiff(context.Background(), "their.yaml", false)
	if !errors.Is(err, errNoSpecDiff) || !strings.Contains(err.Error(), specDiffInstall) {
		t.Errorf("err %v, want one naming %q", err, specDiffInstall)
	}
}

// TestSpecDiffExampleRuns runs the --spec-diff example of bithumb
// contract --help with bithumb-specdiff in PATH: the program's exit
// status (1: the documents differ) and report come through.
func TestSpecDiffExampleRuns(t *testing.T) {
	t.Parallel()
	examples := exampleCommands(t, subcommand(t, "contract"))
	ex := examples[len(examples)-1]
	if !strings.Contains(ex.text, "--spec-diff") {
		t.Fatalf("the last contract example is %q, want the --spec-diff one", ex.text)
	}
	r := runCLI(t, nil, map[string]string{"PATH": fakeSpecDiff(t)}, ex.args()...)
	if r.code != 1 || !strings.Contains(r.stdout, "args: - their-openapi.yaml") {
		t.Errorf("%s: exit %d, stdout %q, stderr %q; want 1 and the program's report", ex.text, r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, nil, map[string]string{"PATH": fakeSpecDiff(t)}, append(ex.args(), "--json")...)
	if r.code != 1 || !strings.Contains(r.stdout, "args: -json - their-openapi.yaml") {
		t.Errorf("%s --json: exit %d, stdout %q; want -json passed on", ex.text, r.code, r.stdout)
	}
}
