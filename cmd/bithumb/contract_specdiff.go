package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/bithumb-go/bithumb/spec"
)

// specDiffProgram is the program that `bithumb contract --spec-diff`
// runs. It is its own module, cmd/bithumb-specdiff, because the oasdiff
// library it is built on needs Go 1.26 while the SDK supports Go 1.25.
const specDiffProgram = "bithumb-specdiff"

// specDiffInstall is how to install specDiffProgram.
const specDiffInstall = "go install github.com/bithumb-go/bithumb/cmd/bithumb-specdiff@latest"

// errNoSpecDiff is returned when specDiffProgram is not in PATH.
var errNoSpecDiff = errors.New("--spec-diff needs " + specDiffProgram + ", which is not in PATH; install it with: " + specDiffInstall + " (Go 1.26 or newer)")

// specDiff compares the spec built into bithumb with the OpenAPI
// document at other (3.0 or 3.1) by running specDiffProgram with the
// built-in spec on its standard input. Its report goes to stdout, and
// its exit status becomes bithumb's: 0 when the two agree, 1 when they
// differ, 2 when a document cannot be read.
func (a *app) specDiff(ctx context.Context, other string, asJSON bool) error {
	prog, err := a.findSpecDiff()
	if err != nil {
		return err
	}
	args := []string{"-", other}
	if asJSON {
		args = append([]string{"-json"}, args...)
	}
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Stdin = bytes.NewReader(spec.YAML)
	cmd.Stdout = a.stdout
	cmd.Stderr = a.stderr
	err = cmd.Run()
	if exit := (*exec.ExitError)(nil); errors.As(err, &exit) && exit.ExitCode() > 0 {
		return &exitError{code: exit.ExitCode()}
	}
	if err != nil {
		return fmt.Errorf("running %s: %w", prog, err)
	}
	return nil
}

// findSpecDiff looks specDiffProgram up in the PATH of the command's
// environment.
func (a *app) findSpecDiff() (string, error) {
	path, _ := a.lookup("PATH")
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, specDiffProgram)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", errNoSpecDiff
}
