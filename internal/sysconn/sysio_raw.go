//go:build linux && (amd64 || arm64) && !race && !msan && !asan

package sysconn

import (
	"syscall"
	"unsafe"
)

// read and write are read(2) and write(2) on fd, made with
// syscall.RawSyscall. b must not be empty.

func read(fd uintptr, b []byte) (int, syscall.Errno) {
	n, _, errno := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	return int(n), errno
}

func write(fd uintptr, b []byte) (int, syscall.Errno) {
	n, _, errno := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	return int(n), errno
}
