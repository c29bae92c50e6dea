package main

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// smoke is the script smoke.sh.
//
//go:embed smoke.sh
var smoke string

// server is a kinesisfake-server running in a process of its own.
type server struct {
	Endpoint string // http://127.0.0.1:PORT
	cmd      *exec.Cmd
}

// startServer builds cmd/kinesisfake-server into dir (ctx bounds the
// build) and starts it on a free port of the loopback interface with a
// manual clock. The admin
// routes (the clock's included) live in that command's package main, so
// they cannot be served from this process.
func startServer(ctx context.Context, dir string) (*server, error) {
	bin := filepath.Join(dir, "kinesisfake-server")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/kinesisfake/kinesisfake/cmd/kinesisfake-server")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-manual-clock") // until stop, whatever ctx

	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	// Its first line names the endpoint: "kinesisfake serving Kinesis at http://...".
	line, err := bufio.NewReader(stdout).ReadString('\n')
	_, endpoint, found := strings.Cut(strings.TrimSpace(line), " at ")
	if err != nil || !found {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("the server said %q (%v), not where it serves", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return &server{Endpoint: endpoint, cmd: cmd}, nil
}

// stop stops the server as Ctrl-C does, and waits for it to exit.
func (s *server) stop() error {
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		return err
	}
	return s.cmd.Wait()
}

// runSmoke runs smoke.sh against endpoint, its output to w.
func runSmoke(ctx context.Context, endpoint string, w io.Writer) error {
	cmd := exec.CommandContext(ctx, "sh", "-c", smoke, "smoke.sh")
	cmd.Env = append(os.Environ(), "ENDPOINT="+endpoint)
	cmd.Stdout, cmd.Stderr = w, w
	return cmd.Run()
}
