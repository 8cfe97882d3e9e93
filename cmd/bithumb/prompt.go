package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// envPassphrase names the variable that supplies the passphrase of the
// credentials file to scripts, instead of the terminal prompt.
const envPassphrase = "BITHUMB_PASSPHRASE"

// errNoTerminal means that a prompt was needed but standard input is not a
// terminal.
var errNoTerminal = errors.New("standard input is not a terminal")

// maxLine bounds a line read from standard input (a key or a secret).
const maxLine = 4096

// terminalFD returns the file descriptor of v when v is an *os.File
// connected to a terminal.
func terminalFD(v any) (int, bool) {
	f, ok := v.(*os.File)
	if !ok || f == nil {
		return 0, false
	}
	fd := int(f.Fd())
	return fd, term.IsTerminal(fd)
}

// readHidden writes prompt to stderr and reads one line from the terminal
// on stdin without echoing it. The echo is off before the prompt appears
// (where the system allows), so that nothing typed as soon as the prompt
// shows (by a fast typist, a paste, or a script that waits for the
// prompt) is echoed.
func (a *app) readHidden(prompt string) ([]byte, error) {
	fd, ok := terminalFD(a.stdin)
	if !ok {
		return nil, errNoTerminal
	}
	restore, err := echoOff(fd)
	if err != nil {
		return nil, fmt.Errorf("reading from the terminal: %w", err)
	}
	defer restore()
	fmt.Fprint(a.stderr, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(a.stderr) // the user's Enter was not echoed
	if err != nil {
		return nil, fmt.Errorf("reading from the terminal: %w", err)
	}
	return b, nil
}

// readVisible writes prompt to stderr and reads one echoed line from the
// terminal on stdin.
func (a *app) readVisible(prompt string) (string, error) {
	if _, ok := terminalFD(a.stdin); !ok {
		return "", errNoTerminal
	}
	fmt.Fprint(a.stderr, prompt)
	b, err := readLine(a.stdin)
	return string(b), err
}

// readLine reads one line from r without its line ending ("\n" or
// "\r\n"). It reads byte by byte so that nothing after the line is
// consumed. Other whitespace is kept: the credentials package reports it
// rather than have it silently removed.
func readLine(r io.Reader) ([]byte, error) {
	var line []byte
	var c [1]byte
	for {
		n, err := r.Read(c[:])
		if n == 1 {
			if c[0] == '\n' {
				break
			}
			if len(line) == maxLine {
				clear(line)
				return nil, fmt.Errorf("the line is longer than %d bytes", maxLine)
			}
			line = append(line, c[0])
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			clear(line)
			return nil, err
		}
	}
	return bytes.TrimSuffix(line, []byte("\r")), nil
}

// passphrase returns the passphrase of the credentials file at path: the
// value of BITHUMB_PASSPHRASE, or else what the user types at a no-echo
// prompt. The caller clears the result after use.
func (a *app) passphrase(path string) ([]byte, error) {
	if p, ok := a.lookup(envPassphrase); ok && p != "" {
		return []byte(p), nil
	}
	p, err := a.readHidden("Passphrase for " + path + ": ")
	if errors.Is(err, errNoTerminal) {
		return nil, errors.New("set " + envPassphrase + ", or run in a terminal to be asked for the passphrase")
	}
	if err != nil {
		return nil, err
	}
	if len(p) == 0 {
		return nil, errors.New("the passphrase is empty")
	}
	return p, nil
}

// newPassphrase returns the passphrase to encrypt a new credentials file
// with: BITHUMB_PASSPHRASE, or else typed twice at a no-echo prompt. The
// caller clears the result after use.
func (a *app) newPassphrase() ([]byte, error) {
	if p, ok := a.lookup(envPassphrase); ok && p != "" {
		return []byte(p), nil
	}
	p, err := a.readHidden("New passphrase: ")
	if errors.Is(err, errNoTerminal) {
		return nil, errors.New("set " + envPassphrase + ", or run in a terminal to be asked for a passphrase")
	}
	if err != nil {
		return nil, err
	}
	if len(p) == 0 {
		return nil, errors.New("the passphrase is empty")
	}
	again, err := a.readHidden("Repeat the passphrase: ")
	defer clear(again)
	if err != nil {
		clear(p)
		return nil, err
	}
	if !bytes.Equal(p, again) {
		clear(p)
		return nil, errors.New("the passphrases do not match")
	}
	return p, nil
}
