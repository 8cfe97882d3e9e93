//go:build !(linux && (amd64 || arm64))

package directhttp

import "net"

// fastConn returns nc: here the transport reads and writes through the
// net package (see sysconn_linux.go for what Linux on amd64 and arm64
// does instead).
func fastConn(nc net.Conn) net.Conn { return nc }
