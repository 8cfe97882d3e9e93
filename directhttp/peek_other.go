//go:build !unix

package directhttp

import "net"

// peerGone reports whether an idle connection can no longer carry a
// request. Without a way to peek at the socket here, it counts every
// connection as open: a request on one that the server closed fails, and
// goes again on a new connection only if not a byte of it was written.
func peerGone(net.Conn) bool { return false }
