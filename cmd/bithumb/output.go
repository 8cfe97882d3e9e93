package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/bithumb-go/bithumb/internal/texttable"
)

// table is what a command prints on a terminal: a header and rows of
// cells aligned by display width (Korean names line up with Latin ones),
// two spaces between columns, no indent and no trailing spaces.
type table = texttable.Table

// printJSON writes v as JSON to standard output, indented on a terminal
// and one line otherwise. Exact decimals marshal as JSON numbers with
// every digit.
func (a *app) printJSON(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, tty := terminalFD(a.stdout); tty {
		var b bytes.Buffer
		if json.Indent(&b, data, "", "  ") == nil {
			data = b.Bytes()
		}
	}
	_, err = fmt.Fprintf(a.stdout, "%s\n", data)
	return err
}

// print writes v as JSON with --json and as the table that toTable makes
// of it otherwise.
func (a *app) print(v any, toTable func() *table) error {
	if a.global.json {
		return a.printJSON(v)
	}
	return toTable().Write(a.stdout)
}

// progress reports the progress of long work (paged fetches) on standard
// error, so that standard output stays clean for the data.
func (a *app) progress(format string, args ...any) {
	fmt.Fprintf(a.stderr, format+"\n", args...)
}
