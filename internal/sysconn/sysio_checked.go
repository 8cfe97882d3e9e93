//go:build linux && (amd64 || arm64) && (race || msan || asan)

package sysconn

import "syscall"

// read and write are read(2) and write(2) on fd, made through package
// syscall in builds with the race detector or a sanitizer: its calls tell
// the race detector that bytes sent through a socket order the sender's
// memory writes before the receiver's reads, and the sanitizers which
// bytes a read filled. Without that, a test that checks what its httptest
// handler saw would report a race. These builds wake the runtime's
// monitor thread at every call, as the net package does.

func read(fd uintptr, b []byte) (int, syscall.Errno) {
	n, err := syscall.Read(int(fd), b)
	if err != nil {
		return 0, err.(syscall.Errno)
	}
	return n, 0
}

func write(fd uintptr, b []byte) (int, syscall.Errno) {
	n, err := syscall.Write(int(fd), b)
	if err != nil {
		return 0, err.(syscall.Errno)
	}
	return n, 0
}
