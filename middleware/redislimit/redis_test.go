package redislimit_test

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// redisServer is a redis-server the test started on loopback.
type redisServer struct {
	Addr string
	dir  string
	cmd  *exec.Cmd
	done chan struct{}
	once sync.Once
}

// startRedis starts a redis-server on a free loopback port, in a temporary
// directory, without persistence; it is killed when the test ends. Without
// redis-server the test is skipped, or fails under CI (CI=true).
func startRedis(t testing.TB) *redisServer {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("redis-server is not installed, and under CI (CI=true) the Redis limiter tests must run: apt-get install redis-server")
		}
		t.Skip("redis-server is not installed (apt-get install redis-server); skipping the Redis limiter tests")
	}
	dir := t.TempDir()
	var lastErr error
	for range 5 { // the free port may be taken before redis-server binds it
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		s := &redisServer{Addr: addr, dir: dir}
		if lastErr = s.start(); lastErr == nil {
			t.Cleanup(s.Stop)
			return s
		}
	}
	t.Fatalf("redis-server: %v", lastErr)
	return nil
}

// start runs redis-server on s.Addr and returns once it accepts
// connections (it says so on its standard output).
func (s *redisServer) start() error {
	_, port, _ := net.SplitHostPort(s.Addr)
	s.cmd = exec.Command("redis-server",
		"--bind", "127.0.0.1", "--port", port,
		"--save", "", "--appendonly", "no", "--dir", s.dir,
		"--daemonize", "no", "--logfile", "")
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	s.cmd.Stderr = s.cmd.Stdout
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.done = make(chan struct{})
	s.once = sync.Once{}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		var log []string
		isReady := false
		for sc.Scan() {
			if isReady {
				continue // keep draining so the server never blocks
			}
			line := sc.Text()
			if strings.Contains(line, "Ready to accept connections") {
				isReady = true
				ready <- nil
			}
			log = append(log, line)
		}
		if !isReady {
			ready <- fmt.Errorf("exited before accepting connections:\n%s", strings.Join(log, "\n"))
		}
		s.cmd.Wait()
		close(s.done)
	}()
	select {
	case err := <-ready:
		if err != nil {
			<-s.done
		}
		return err
	case <-time.After(20 * time.Second):
		s.Stop()
		return fmt.Errorf("not ready after 20s")
	}
}

// Stop kills the server and waits for it to exit.
func (s *redisServer) Stop() {
	s.once.Do(func() {
		s.cmd.Process.Kill()
		<-s.done
	})
}

// Restart starts the server again on the same address.
func (s *redisServer) Restart(t testing.TB) {
	t.Helper()
	if err := s.start(); err != nil {
		t.Fatalf("restarting redis-server on %s: %v", s.Addr, err)
	}
}
