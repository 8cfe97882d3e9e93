package demo

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// table is a block of the tour: a header and rows, indented by two
// spaces and aligned by display width, so that Korean names (two columns
// per rune) line up with Latin ones.
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
	for _, row := range append([][]string{t.header}, t.rows...) {
		var l strings.Builder
		for i, width := range widths {
			cell := ""
			if i < len(row) {
				cell = row[i]
			}
			l.WriteString("  ")
			pad := strings.Repeat(" ", width-runewidth.StringWidth(cell))
			if i < len(t.right) && t.right[i] {
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
