//go:build linux && (amd64 || arm64)

package sysconn

import (
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"unsafe"
)

// Wrap returns nc made to read and write with raw system calls when it
// is a *net.TCPConn, and nc itself otherwise (a dialer's own net.Conn).
func Wrap(nc net.Conn) net.Conn {
	tc, ok := nc.(*net.TCPConn)
	if !ok {
		return nc
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return nc
	}
	c := &conn{TCPConn: tc, rc: rc}
	c.readFn = c.readOnce
	c.writeFn = c.writeAll
	return c
}

// conn is a TCP connection whose Read and Write are raw system calls made
// through syscall.RawConn. It returns what net.TCPConn's Read and Write
// return: the same counts, io.EOF at the end, and *net.OpError with the
// same Op, Net, addresses and wrapped errors (an *os.SyscallError of the
// errno, os.ErrDeadlineExceeded, net.ErrClosed). Everything else is the
// TCPConn's. Like every net.Conn, it may be used by several goroutines at
// once: Reads take turns, and so do Writes.
type conn struct {
	*net.TCPConn
	rc syscall.RawConn

	// The functions given to rc, made once so that a call allocates
	// nothing; rmu guards their arguments and results for reads, wmu
	// for writes.
	readFn, writeFn func(fd uintptr) bool
	rmu, wmu        sync.Mutex
	rbuf, wbuf      []byte
	rn, wn          int
	rerr, werr      syscall.Errno
}

// Read reads into p as net.TCPConn's Read does.
func (c *conn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	c.rmu.Lock()
	defer c.rmu.Unlock()
	c.rbuf, c.rn, c.rerr = p, 0, 0
	err := c.rc.Read(c.readFn)
	n, errno := c.rn, c.rerr
	c.rbuf = nil
	switch {
	case err != nil:
		return 0, c.opError("read", err)
	case errno != 0:
		return 0, c.opError("read", os.NewSyscallError("read", errno))
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

// readOnce makes one read; it asks rc to wait for the socket (by returning
// false) when there is nothing to read yet.
func (c *conn) readOnce(fd uintptr) bool {
	// Linux reads and writes at most about 2 GiB in one call, and
	// returns the count: a larger p needs no cap here.
	b := c.rbuf
	for {
		n, errno := read(fd, b)
		switch errno {
		case 0:
			c.rn = n
			return true
		case syscall.EINTR:
		case syscall.EAGAIN:
			return false
		default:
			c.rerr = errno
			return true
		}
	}
}

// Write writes all of p as net.TCPConn's Write does, or fails with the
// count written.
func (c *conn) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.wbuf, c.wn, c.werr = p, 0, 0
	err := c.rc.Write(c.writeFn)
	n, errno := c.wn, c.werr
	c.wbuf = nil
	switch {
	case err != nil:
		return n, c.opError("write", err)
	case errno != 0:
		return n, c.opError("write", os.NewSyscallError("write", errno))
	}
	return n, nil
}

// writeAll writes what is left of wbuf; it asks rc to wait for the socket
// (by returning false) when its buffer is full.
func (c *conn) writeAll(fd uintptr) bool {
	for c.wn < len(c.wbuf) {
		b := c.wbuf[c.wn:]
		n, errno := write(fd, b)
		switch errno {
		case 0:
			c.wn += n
		case syscall.EINTR:
		case syscall.EAGAIN:
			return false
		default:
			c.werr = errno
			return true
		}
	}
	return true
}

// opError wraps err as net.TCPConn's Read and Write do. An error of rc
// (a deadline, a closed connection) comes as a *net.OpError of its own
// ("raw-read", "raw-write"): its cause is wrapped again.
func (c *conn) opError(op string, err error) error {
	if oe, ok := err.(*net.OpError); ok {
		err = oe.Err
	}
	return &net.OpError{Op: op, Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: err}
}

// Peek looks at the bytes waiting on the socket fd without taking them
// and without blocking, as recvfrom(2) with MSG_PEEK does: it returns
// their count (at most len(b)), 0 and nil at the end of the stream, and
// EAGAIN when nothing is waiting. b must not be empty.
func Peek(fd uintptr, b []byte) (int, error) {
	for {
		n, _, errno := syscall.RawSyscall6(syscall.SYS_RECVFROM, fd, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), syscall.MSG_PEEK|syscall.MSG_DONTWAIT, 0, 0)
		switch errno {
		case 0:
			return int(n), nil
		case syscall.EINTR:
		default:
			return 0, errno
		}
	}
}
