//go:build linux

package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
	"golang.org/x/sys/unix"
)

// chartOnTerminal runs `candles KRW-BTC --chart` with standard output on
// a terminal 50 columns wide and returns what the terminal received.
func chartOnTerminal(t *testing.T, m *testSim, env map[string]string) string {
	t.Helper()
	master, tty := openPTY(t)
	err := control(tty, func(fd int) error {
		return unix.IoctlSetWinsize(fd, unix.TIOCSWINSZ, &unix.Winsize{Row: 40, Col: 50})
	})
	if err != nil {
		t.Fatal(err)
	}
	read := make(chan string)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, master) // until the terminal closes (EIO)
		read <- b.String()
	}()
	var stderr bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	code := run(t.Context(), []string{"candles", "KRW-BTC", "--chart", "--api-url", m.url}, strings.NewReader(""), tty, &stderr, lookup)
	tty.Close()
	out := strings.ReplaceAll(<-read, "\r\n", "\n")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	return out
}

// On a terminal the chart is in colour, unless NO_COLOR is set, and fits
// the terminal's width.
func TestCandlesChartOnTerminal(t *testing.T) {
	m := startSim(t, quietMarket...)
	out := chartOnTerminal(t, m, nil)
	if !strings.Contains(out, colorRising) || !strings.Contains(out, colorFalling) {
		t.Errorf("no colours on a terminal:\n%s", out)
	}
	plain := chartOnTerminal(t, m, map[string]string{"NO_COLOR": "1"})
	if strings.Contains(plain, "\x1b") {
		t.Errorf("colours with NO_COLOR:\n%s", plain)
	}
	lines := strings.Split(strings.TrimSuffix(plain, "\n"), "\n")
	if w := runewidth.StringWidth(lines[len(lines)-2]); w != 50 {
		t.Errorf("the chart is %d columns wide, want the terminal's 50:\n%s", w, plain)
	}
}
