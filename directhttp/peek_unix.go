//go:build unix

package directhttp

import (
	"errors"
	"net"
	"syscall"
)

// peerGone reports whether an idle connection can no longer carry a
// request: the server closed it, reset it, or sent bytes that no request
// asked for. It peeks at the socket without blocking and without taking
// anything from it. A connection it cannot peek at counts as open.
func peerGone(nc net.Conn) bool {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return true
	}
	gone := false
	err = rc.Read(func(fd uintptr) bool {
		var b [1]byte
		n, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK)
		// Nothing to read (EAGAIN) is the only state of an open idle
		// connection; EOF (0, nil), a reset or a stray byte end it.
		gone = !errors.Is(err, syscall.EAGAIN) || n > 0
		return true
	})
	return gone || err != nil
}
