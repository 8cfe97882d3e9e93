//go:build !linux

package main

import "testing"

// answerOnTerminal skips the test: pseudo-terminals are tested on Linux.
func answerOnTerminal(t *testing.T, _ map[string]string, _ []string, _ string) result {
	t.Helper()
	t.Skip("answering on a pseudo-terminal is tested on Linux")
	return result{}
}
