// Package sysconn makes a TCP connection's reads and writes, and peeks at
// its socket, with raw system calls where the platform allows it (Linux on
// amd64 and arm64), for the SDK's REST transports and the WebSocket
// client's default HTTPClient.
//
// An ordinary system call made by a goroutine wakes the runtime's monitor
// thread (sysmon) when it is asleep, and it falls asleep whenever every
// processor is idle: the state of a program between a request and its
// answer. Waking it and letting it fall asleep again cost a futex call and
// short sleeps on another thread for every request, about a third of the
// CPU of an API call over loopback (docs/benchmarks.md). A raw system call
// does not involve the monitor.
//
// The net package makes every socket non-blocking, so a raw read or write
// never blocks: where it would, it returns EAGAIN, and the wait goes through
// the runtime's network poller by syscall.RawConn, deadlines included, as
// net.TCPConn's own Read and Write do.
//
// Builds with the race detector or a sanitizer (-race, -msan, -asan) make
// the same reads and writes through package syscall instead, whose calls
// tell the race detector that bytes sent through a socket order the
// sender's memory writes before the receiver's reads: without that, a
// test that checks what its httptest handler saw would report a race.
package sysconn
