package drift

import (
	"errors"
	"net"
	"syscall"
)

// NoNetwork reports whether err says that the host cannot be reached at
// all: its name does not resolve, or the connection is refused or has
// no route. A timeout, a TLS failure or an HTTP error answer is not "no
// network".
func NoNetwork(err error) bool {
	if err == nil {
		return false
	}
	var dns *net.DNSError
	return errors.As(err, &dns) ||
		errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ENETUNREACH) ||
		errors.Is(err, syscall.EHOSTUNREACH)
}
