//go:build unix

package directhttp

import (
	"errors"
	"net"
	"syscall"

	"github.com/bithumb-go/bithumb/internal/sysconn"
)

// peeker looks at an idle connection's socket without blocking and
// without taking anything from it.
type peeker struct {
	rc   syscall.RawConn // nil when the connection has no socket to peek at
	buf  [1]byte
	gone bool
	fn   func(fd uintptr) bool // made once, so that a peek allocates nothing
}

// init prepares p for nc, the TCP connection; a connection that is not a
// syscall.Conn (a dialer's wrapper, say) cannot be peeked at.
func (p *peeker) init(nc net.Conn) {
	if sc, ok := nc.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			p.rc = rc
		}
	}
	p.fn = func(fd uintptr) bool {
		n, err := sysconn.Peek(fd, p.buf[:])
		// Nothing to read (EAGAIN) is the only state of an open idle
		// connection; EOF (0, nil), a reset or a stray byte end it.
		p.gone = !errors.Is(err, syscall.EAGAIN) || n > 0
		return true
	}
}

// peerGone reports whether an idle connection can no longer carry a
// request: the server closed it, reset it, or sent bytes that no request
// asked for. A connection it cannot peek at counts as open.
func (p *peeker) peerGone() bool {
	if p.rc == nil {
		return false
	}
	if err := p.rc.Read(p.fn); err != nil {
		return true
	}
	return p.gone
}
