//go:build unix && !(linux && (amd64 || arm64))

package sysconn

import "syscall"

// Peek looks at the bytes waiting on the socket fd without taking them
// (the socket is non-blocking, as the net package makes every socket): it
// returns their count (at most len(b)), 0 and nil at the end of the
// stream, and EAGAIN when nothing is waiting.
func Peek(fd uintptr, b []byte) (int, error) {
	n, _, err := syscall.Recvfrom(int(fd), b, syscall.MSG_PEEK)
	return n, err
}
