// Command newendpointcheck proves that adding an endpoint to
// spec/bithumb.yaml and running `make generate` is all it takes: the build
// passes, vet is clean, the tests that enumerate the spec's operations
// pass, the simulator answers the new operation from its example, the
// generated endpoint catalog has it and, once the root package's typed
// methods are generated (methods_gen.go), it has a typed method.
//
// It works on a copy of the repository (the files git tracks, plus
// untracked ones that are not ignored) in a temporary directory, which it
// removes at the end, so the working tree is never touched. It needs git,
// make and the go command; run it from the repository's root:
//
//	go run ./internal/cmd/newendpointcheck
//
// `make check-new-endpoint` runs it. Flags: -keep keeps the copy (its path
// is printed), -go names the go command.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// operationID, goName and path are those of the added endpoint.
const (
	operationID = "getNewEndpointCheck"
	goName      = "GetNewEndpointCheck"
	path        = "/v1/new_endpoint_check"
	schemaName  = "NewEndpointCheck"
)

// endpoint is the path item added to the spec: a plain public GET, as the
// spec's extensions require it, marked to be answered from its example.
const endpoint = `  ` + path + `:
    get:
      operationId: ` + operationID + `
      tags: [quotation]
      summary: An endpoint added by newendpointcheck.
      x-bithumb-rate-limit: public-other
      x-bithumb-retry: safe
      x-bithumb-doc: {title: New endpoint check, url: "https://apidocs.bithumb.com/reference/new-endpoint-check"}
      x-bithumb-sim: example
      parameters:
        - name: market
          in: query
          description: A market code.
          schema: {type: string}
      responses:
        "200":
          description: A status.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/` + schemaName + `"}
              example: {status: ok, server_time: 1756135632646}
        "429": {$ref: "#/components/responses/TooManyRequests"}
`

// schema is the response schema added under components/schemas.
const schema = `    ` + schemaName + `:
      type: object
      description: The answer of the endpoint added by newendpointcheck.
      required: [status, server_time]
      properties:
        status: {type: string, description: Always ok.}
        server_time: {type: integer, format: int64, description: Milliseconds since the epoch.}
`

// testPackages are the packages whose tests enumerate the spec's
// operations, where they exist.
var testPackages = []string{".", "./sim", "./sim/internal/api", "./contract_test", "./catalog", "./spec", "./validation", "./internal/drift"}

func main() {
	log.SetFlags(0)
	log.SetPrefix("newendpointcheck: ")
	keep := flag.Bool("keep", false, "keep the copy of the repository")
	goCmd := flag.String("go", "go", "the go command")
	flag.Parse()

	start := time.Now()
	if _, err := os.Stat("spec/bithumb.yaml"); err != nil {
		log.Fatal("run from the repository's root: ", err)
	}
	dir, err := os.MkdirTemp("", "bithumb-new-endpoint-")
	if err != nil {
		log.Fatal(err)
	}
	ok := false
	defer func() {
		if *keep {
			log.Printf("the copy is in %s", dir)
		} else {
			os.RemoveAll(dir)
		}
		if !ok {
			os.Exit(1)
		}
	}()
	if err := run(dir, *goCmd); err != nil {
		log.Print(err)
		return
	}
	ok = true
	fmt.Printf("newendpointcheck: ok: %s %s was generated, built, vetted, tested and answered from its example (%s)\n",
		operationID, path, time.Since(start).Round(time.Second))
}

func run(dir, goCmd string) error {
	if err := copyRepo(dir); err != nil {
		return fmt.Errorf("copying the repository: %w", err)
	}
	if err := addEndpoint(filepath.Join(dir, "spec", "bithumb.yaml")); err != nil {
		return err
	}
	if err := step(dir, "make", "generate", "GO="+goCmd); err != nil {
		return err
	}
	if err := step(dir, goCmd, "build", "./..."); err != nil {
		return err
	}
	if err := step(dir, goCmd, "vet", "./..."); err != nil {
		return err
	}
	args := []string{"test", "-count=1"}
	for _, p := range testPackages {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			args = append(args, p)
		}
	}
	if err := step(dir, goCmd, args...); err != nil {
		return err
	}
	// The example answer, over HTTP through the simulator.
	out, err := output(dir, goCmd, "test", "-count=1", "-run", "^TestExampleOperations$", "-v", "./sim")
	if err != nil {
		return err
	}
	if want := operationID + ": answered its example over HTTP"; !strings.Contains(out, want) {
		return fmt.Errorf("sim's TestExampleOperations did not report %q:\n%s", want, out)
	}
	if err := inCatalog(dir); err != nil {
		return err
	}
	return typedMethod(dir)
}

// inCatalog checks that the generated endpoint catalog, which the client
// reads for the category, retry policy and signing of each call, has the
// new operation.
func inCatalog(dir string) error {
	src, err := os.ReadFile(filepath.Join(dir, "catalog", "endpoints_gen.go"))
	if err != nil {
		return fmt.Errorf("the generated catalog: %w", err)
	}
	if !bytes.Contains(src, []byte(`"`+operationID+`"`)) {
		return fmt.Errorf("catalog/endpoints_gen.go has no %s: make generate did not regenerate the catalog", operationID)
	}
	fmt.Printf("newendpointcheck: catalog/endpoints_gen.go has %s\n", operationID)
	return nil
}

// typedMethod checks that the root package has a generated method for the
// new operation, when the root package's methods are generated.
func typedMethod(dir string) error {
	src, err := os.ReadFile(filepath.Join(dir, "methods_gen.go"))
	if os.IsNotExist(err) {
		fmt.Println("newendpointcheck: no methods_gen.go: the typed method is not checked")
		return nil
	}
	if err != nil {
		return err
	}
	if !regexp.MustCompile(`(?m)^func \(c \*Client\) ` + goName + `\(`).Match(src) {
		return fmt.Errorf("methods_gen.go has no method (*Client).%s", goName)
	}
	fmt.Printf("newendpointcheck: methods_gen.go has (*Client).%s\n", goName)
	return nil
}

// addEndpoint inserts the endpoint as the first path of the spec, and its
// response schema as the first schema of its components.
func addEndpoint(file string) error {
	text, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if bytes.Contains(text, []byte("operationId: "+operationID+"\n")) {
		return fmt.Errorf("%s already has %s", file, operationID)
	}
	if text, err = insertAfter(text, "\npaths:\n", endpoint); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	c := bytes.Index(text, []byte("\ncomponents:\n"))
	if c < 0 {
		return fmt.Errorf("%s: no top-level components:", file)
	}
	rest, err := insertAfter(text[c:], "\n  schemas:\n", schema)
	if err != nil {
		return fmt.Errorf("%s: components: %w", file, err)
	}
	return os.WriteFile(file, append(text[:c:c], rest...), 0o644)
}

// insertAfter inserts add after the first occurrence of line in text.
func insertAfter(text []byte, line, add string) ([]byte, error) {
	i := bytes.Index(text, []byte(line))
	if i < 0 {
		return nil, fmt.Errorf("no %q", strings.TrimSpace(line))
	}
	i += len(line)
	return append(append(append([]byte{}, text[:i]...), add...), text[i:]...), nil
}

// step runs a command in dir, showing its output only when it fails.
func step(dir, name string, args ...string) error {
	_, err := output(dir, name, args...)
	return err
}

// output runs a command in dir and returns its output, which is in the
// error when it fails.
func output(dir, name string, args ...string) (string, error) {
	t := time.Now()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	line := strings.Join(append([]string{name}, args...), " ")
	if err != nil {
		return "", fmt.Errorf("%s: %w\n%s", line, err, out)
	}
	fmt.Printf("newendpointcheck: %s (%s)\n", line, time.Since(t).Round(100*time.Millisecond))
	return string(out), nil
}

// copyRepo copies the files of the working tree that git tracks or would
// track (untracked ones that are not ignored) into dir.
func copyRepo(dir string) error {
	out, err := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %w", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if name == "" {
			continue
		}
		info, err := os.Lstat(name)
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			continue
		}
		if err := copyFile(name, filepath.Join(dir, name), info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
