// Command bithumb-specdiff compares two OpenAPI documents, typically
// bithumb-go's spec/bithumb.yaml with the definition that Bithumb's own
// API reference embeds, and lists the operations, parameters, response
// statuses and body fields that one has and the other lacks, and the
// types they disagree on. The comparison itself is oasdiff's
// (github.com/oasdiff/oasdiff); this command only reads its result the
// way a client author does. Both OpenAPI 3.0 and 3.1 documents are read.
//
// Usage:
//
//	bithumb-specdiff [-json] BASE OTHER
//
// BASE and OTHER are files, or - for standard input (at most one of
// them). `bithumb contract --spec-diff OTHER` runs this command with the
// spec built into bithumb as BASE.
//
// Exit status: 0 when the documents agree on everything listed, 1 when
// they differ, 2 when a document cannot be read.
//
// It is its own module because oasdiff needs Go 1.26, while the SDK
// supports Go 1.25: installing it does not raise the Go version of a
// program that imports the SDK.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/diff"
)

// maxDocumentBytes bounds what is read of each document.
const maxDocumentBytes = 32 << 20

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the command without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bithumb-specdiff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the differences as a JSON array")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: bithumb-specdiff [-json] BASE OTHER\n\nLists what one OpenAPI document has and the other lacks. BASE or OTHER may be - for standard input.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	if fs.Arg(0) == "-" && fs.Arg(1) == "-" {
		fmt.Fprintln(stderr, "bithumb-specdiff: only one of BASE and OTHER can be standard input")
		return 2
	}
	base, err := load(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintln(stderr, "bithumb-specdiff:", err)
		return 2
	}
	other, err := load(fs.Arg(1), stdin)
	if err != nil {
		fmt.Fprintln(stderr, "bithumb-specdiff:", err)
		return 2
	}
	diffs, err := compare(base, other)
	if err != nil {
		fmt.Fprintln(stderr, "bithumb-specdiff:", err)
		return 2
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if diffs == nil {
			diffs = []Difference{}
		}
		if err := enc.Encode(diffs); err != nil {
			fmt.Fprintln(stderr, "bithumb-specdiff:", err)
			return 2
		}
	} else {
		printText(stdout, fs.Arg(0), fs.Arg(1), diffs)
	}
	if len(diffs) > 0 {
		return 1
	}
	return 0
}

// load reads one document, from a file or ("-") from stdin, and resolves
// its local references. References to other files or URLs are refused:
// the comparison never reads anything but the two documents.
func load(name string, stdin io.Reader) (*openapi3.T, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxDocumentBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxDocumentBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, maxDocumentBytes>>20)
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("%s: not an OpenAPI document: %w", name, err)
	}
	if doc.Paths == nil || doc.Paths.Len() == 0 {
		return nil, fmt.Errorf("%s: %w", name, errNoPaths)
	}
	return doc, nil
}

var errNoPaths = errors.New("the document has no paths")

// compare runs oasdiff on the two documents and summarises the result.
func compare(base, other *openapi3.T) ([]Difference, error) {
	cfg := diff.NewConfig(diff.WithExcludeElements([]string{
		diff.ExcludeDescriptionOption, diff.ExcludeExamplesOption,
		diff.ExcludeSummaryOption, diff.ExcludeTitleOption,
		diff.ExcludeExtensionsOption, diff.ExcludeTagsOption,
	}))
	d, err := diff.Get(cfg, base, other)
	if err != nil {
		return nil, fmt.Errorf("comparing: %w", err)
	}
	return summarise(d), nil
}

// printText prints the differences for a reader, grouped by what they
// are, with a one-line summary first.
func printText(w io.Writer, baseName, otherName string, diffs []Difference) {
	if len(diffs) == 0 {
		fmt.Fprintf(w, "%s and %s agree on every operation, parameter, status, field and type.\n", baseName, otherName)
		return
	}
	counts := map[string]int{}
	for _, d := range diffs {
		counts[d.Kind]++
	}
	fmt.Fprintf(w, "base: %s\nother: %s\n%d differences: %d operations, %d parameters, %d statuses, %d fields, %d types\n\n",
		baseName, otherName, len(diffs), counts["operation"], counts["parameter"], counts["status"], counts["field"], counts["type"])
	for _, d := range diffs {
		fmt.Fprintln(w, d)
	}
}
