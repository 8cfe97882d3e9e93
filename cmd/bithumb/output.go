package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// table is what a command prints on a terminal: a header and rows of
// cells, aligned by display width, so that Korean names (two columns per
// rune) line up with Latin ones.
type table struct {
	header []string
	rows   [][]string
	right  []bool // per column: align right (numbers)
}

// add appends a row; missing cells print empty.
func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write prints t with two spaces between columns and no trailing spaces.
func (t *table) write(w io.Writer) error {
	widths := make([]int, len(t.header))
	for _, row := range append([][]string{t.header}, t.rows...) {
		for i, cell := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], runewidth.StringWidth(cell))
			}
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		var l strings.Builder
		for i := range widths {
			cell := ""
			if i < len(cells) {
				cell = cells[i]
			}
			if i > 0 {
				l.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-runewidth.StringWidth(cell))
			if i < len(t.right) && t.right[i] {
				l.WriteString(pad + cell)
			} else {
				l.WriteString(cell + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	line(t.header)
	for _, row := range t.rows {
		line(row)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

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
	return toTable().write(a.stdout)
}

// progress reports the progress of long work (paged fetches) on standard
// error, so that standard output stays clean for the data.
func (a *app) progress(format string, args ...any) {
	fmt.Fprintf(a.stderr, format+"\n", args...)
}
