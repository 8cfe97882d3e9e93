//go:build unix && !(linux && (amd64 || arm64))

package directhttp

import "syscall"

// peekSocket looks at the next byte waiting on the socket fd without
// taking it and without blocking.
func peekSocket(fd uintptr, b []byte) (int, error) {
	n, _, err := syscall.Recvfrom(int(fd), b, syscall.MSG_PEEK)
	return n, err
}
