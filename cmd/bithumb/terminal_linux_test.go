//go:build linux

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY returns the two ends of a new pseudo-terminal, or skips the test
// where there are none.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	var n uint32
	err = control(master, func(fd int) error {
		if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
			return err
		}
		var err error
		n, err = unix.IoctlGetUint32(fd, unix.TIOCGPTN)
		return err
	})
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	return master, tty
}

// control runs fn on f's descriptor without switching f to blocking mode
// (as f.Fd would), so that read deadlines keep working.
func control(f *os.File, fn func(fd int) error) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var fnErr error
	if err := rc.Control(func(fd uintptr) { fnErr = fn(int(fd)) }); err != nil {
		return err
	}
	return fnErr
}

// echoing reports whether the terminal tty echoes what is typed.
func echoing(tty *os.File) (bool, error) {
	var echo bool
	err := control(tty, func(fd int) error {
		tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
		if err == nil {
			echo = tio.Lflag&unix.ECHO != 0
		}
		return err
	})
	return echo, err
}

// watchedBuffer is the command's stderr: a syncBuffer that tells when it
// is written to, and that keeps apart what was written while the terminal
// echoed (looked up during the command's Write, so before the command
// goes on).
type watchedBuffer struct {
	syncBuffer
	tty   *os.File
	wrote chan struct{} // cap 1: "written since the last look"
	loud  syncBuffer    // written while tty echoed
}

func newWatchedBuffer(tty *os.File) *watchedBuffer {
	return &watchedBuffer{tty: tty, wrote: make(chan struct{}, 1)}
}

func (w *watchedBuffer) Write(p []byte) (int, error) {
	if echo, err := echoing(w.tty); err != nil || echo {
		w.loud.Write(p)
	}
	n, err := w.syncBuffer.Write(p)
	select {
	case w.wrote <- struct{}{}:
	default:
	}
	return n, err
}

// waitFor waits until the buffer holds s, at most d.
func (w *watchedBuffer) waitFor(s string, d time.Duration) bool {
	timeout := time.NewTimer(d)
	defer timeout.Stop()
	for !strings.Contains(w.String(), s) {
		select {
		case <-w.wrote:
		case <-timeout.C:
			return false
		}
	}
	return true
}

// typeHidden waits for prompt on stderr, checks that the terminal had
// stopped echoing when the prompt was written (readHidden turns the echo
// off first), and types line.
func typeHidden(t *testing.T, master *os.File, stderr *watchedBuffer, prompt, line string) {
	t.Helper()
	if !stderr.waitFor(prompt, 10*time.Second) {
		t.Errorf("no prompt %q; stderr %q", prompt, stderr.String())
		return
	}
	if strings.Contains(stderr.loud.String(), prompt) {
		t.Errorf("the prompt %q appeared while the terminal echoed: what is typed at once is shown", prompt)
	}
	if _, err := master.Write([]byte(line + "\n")); err != nil {
		t.Error(err)
	}
}

// drain returns what the terminal showed so far.
func drain(t *testing.T, master *os.File) string {
	t.Helper()
	var out bytes.Buffer
	buf := make([]byte, 4096)
	for {
		if err := master.SetReadDeadline(time.Now().Add(200 * time.Millisecond)); err != nil {
			t.Skipf("the pseudo-terminal has no deadlines: %v", err)
		}
		n, err := master.Read(buf)
		out.Write(buf[:n])
		if errors.Is(err, os.ErrDeadlineExceeded) || err != nil {
			return out.String()
		}
	}
}

// runOnTerminal runs the command with stdin on tty while typing runs.
func runOnTerminal(t *testing.T, tty *os.File, stdout io.Writer, stderr *watchedBuffer, typing func(), args ...string) int {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		typing()
	}()
	code := run(t.Context(), args, tty, stdout, stderr, func(string) (string, bool) { return "", false })
	<-done
	return code
}

func TestTerminalPrompts(t *testing.T) {
	master, tty := openPTY(t)
	file := t.TempDir() + "/credentials.json"

	// auth set: the secret key and the passphrase (twice), typed without
	// echo.
	var stdout bytes.Buffer
	stderr := newWatchedBuffer(tty)
	code := runOnTerminal(t, tty, &stdout, stderr, func() {
		typeHidden(t, master, stderr, "Secret key (not shown): ", testSecret)
		typeHidden(t, master, stderr, "New passphrase: ", testPassphrase)
		typeHidden(t, master, stderr, "Repeat the passphrase: ", testPassphrase)
	}, "auth", "set", "--access-key", testAccess, "--file", file)
	if code != 0 || !strings.Contains(stdout.String(), file) {
		t.Fatalf("auth set: code %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
	shown := drain(t, master) + stdout.String() + stderr.String()
	if strings.Contains(shown, testSecret) || strings.Contains(shown, testPassphrase) {
		t.Errorf("a secret was shown: %q", shown)
	}

	// api: the passphrase of the file is asked for on the terminal, and
	// the body is pretty printed on a terminal stdout.
	f := newFakeAPI(t, 200, `{"balance":1.76373410121466379999997512}`)
	stderr = newWatchedBuffer(tty)
	prompt := "Passphrase for " + file + ": "
	code = runOnTerminal(t, tty, tty, stderr, func() {
		typeHidden(t, master, stderr, prompt, testPassphrase)
	}, "api", "--api-url", f.URL, "--credentials-file", file, "/v1/accounts")
	if code != 0 {
		t.Fatalf("api: code %d, stderr %q", code, stderr.String())
	}
	if got := jwtAccessKey(t, f.only(t).header.Get("Authorization")); got != testAccess {
		t.Errorf("JWT access_key = %q", got)
	}
	shown = strings.ReplaceAll(drain(t, master), "\r\n", "\n")
	if want := "{\n  \"balance\": 1.76373410121466379999997512\n}\n"; shown != want {
		t.Errorf("the terminal shows %q, want %q", shown, want)
	}
	if strings.Contains(stderr.String(), testPassphrase) {
		t.Errorf("stderr shows the passphrase: %q", stderr.String())
	}
}
