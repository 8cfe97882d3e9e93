package main

import (
	"bytes"
	"testing"
)

func TestTableAlignsDoubleWidthRunes(t *testing.T) {
	tb := &table{header: []string{"MARKET", "NAME", "PRICE"}, right: []bool{false, false, true}}
	tb.add("KRW-BTC", "비트코인", "84000000")
	tb.add("KRW-ETH", "Ethereum", "5000000.5")
	var b bytes.Buffer
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	// 비트코인 is four runes of two columns each: as wide as "Ethereum".
	want := "" +
		"MARKET   NAME          PRICE\n" +
		"KRW-BTC  비트코인   84000000\n" +
		"KRW-ETH  Ethereum  5000000.5\n"
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestTableMissingCellsAndNoTrailingSpaces(t *testing.T) {
	tb := &table{header: []string{"A", "B"}}
	tb.add("long value")
	var b bytes.Buffer
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	if want := "A           B\nlong value\n"; b.String() != want {
		t.Errorf("table = %q, want %q", b.String(), want)
	}
}
