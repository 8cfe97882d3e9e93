package texttable

import (
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

func write(t *testing.T, tb *Table) string {
	t.Helper()
	var b strings.Builder
	if err := tb.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestAlignsDoubleWidthRunes: 비트코인 is four runes of two columns each,
// as wide as "Ethereum"; numbers align right.
func TestAlignsDoubleWidthRunes(t *testing.T) {
	tb := &Table{Header: []string{"MARKET", "NAME", "PRICE"}, Right: []bool{false, false, true}}
	tb.Add("KRW-BTC", "비트코인", "84000000")
	tb.Add("KRW-ETH", "Ethereum", "5000000.5")
	want := "" +
		"MARKET   NAME          PRICE\n" +
		"KRW-BTC  비트코인   84000000\n" +
		"KRW-ETH  Ethereum  5000000.5\n"
	if got := write(t, tb); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

// TestKoreanColumnAligned: the column after Korean names starts at the
// same display column on every row, with an indent too.
func TestKoreanColumnAligned(t *testing.T) {
	tb := &Table{Header: []string{"MARKET", "KOREAN", "ENGLISH"}, Indent: "  "}
	tb.Add("KRW-BTC", "비트코인", "Bitcoin")
	tb.Add("KRW-XRP", "리플", "XRP")
	got := write(t, tb)
	col := -1
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if !strings.HasPrefix(line, "  KRW-") && !strings.HasPrefix(line, "  MARKET") {
			t.Fatalf("line %q is not indented by two spaces", line)
		}
		last := strings.LastIndex(line, "  ")
		at := runewidth.StringWidth(line[:last+2])
		if col >= 0 && at != col {
			t.Fatalf("the ENGLISH column is not aligned:\n%s", got)
		}
		col = at
	}
}

// TestMissingCellsAndNoTrailingSpaces: a short row prints empty cells and
// no line ends in a space; cells past the header are not printed.
func TestMissingCellsAndNoTrailingSpaces(t *testing.T) {
	tb := &Table{Header: []string{"A", "B"}}
	tb.Add("long value")
	tb.Add("x", "y", "extra")
	if got, want := write(t, tb), "A           B\nlong value\nx           y\n"; got != want {
		t.Errorf("table = %q, want %q", got, want)
	}
	tb = &Table{Header: []string{"N", "NAME"}, Right: []bool{true}, Indent: "  "}
	tb.Add("1000", "")
	if got, want := write(t, tb), "     N  NAME\n  1000\n"; got != want {
		t.Errorf("indented table = %q, want %q", got, want)
	}
}
