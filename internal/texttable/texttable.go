// Package texttable prints tables for a terminal: a header and rows of
// cells aligned by display width, so that Korean names (two columns per
// rune) line up with Latin ones.
package texttable

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Table is a header and rows of cells. The header sets the number of
// columns: cells past it are not printed, missing cells print empty.
type Table struct {
	Header []string
	Rows   [][]string
	Right  []bool // per column: align right (numbers); missing means left
	Indent string // printed before every line, e.g. "  "
}

// Add appends a row.
func (t *Table) Add(cells ...string) { t.Rows = append(t.Rows, cells) }

// Write prints the header and the rows to w, one line each, with two
// spaces between columns and no trailing spaces. Each column is as wide
// as its widest cell in display columns.
func (t *Table) Write(w io.Writer) error {
	widths := make([]int, len(t.Header))
	for _, row := range append([][]string{t.Header}, t.Rows...) {
		for i, cell := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], runewidth.StringWidth(cell))
			}
		}
	}
	var b strings.Builder
	for _, row := range append([][]string{t.Header}, t.Rows...) {
		var l strings.Builder
		l.WriteString(t.Indent)
		for i, width := range widths {
			cell := ""
			if i < len(row) {
				cell = row[i]
			}
			if i > 0 {
				l.WriteString("  ")
			}
			pad := strings.Repeat(" ", width-runewidth.StringWidth(cell))
			if i < len(t.Right) && t.Right[i] {
				l.WriteString(pad + cell)
			} else {
				l.WriteString(cell + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
