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

// script is the Python program kinesis_boto3.py.
//
//go:embed kinesis_boto3.py
var script string

// clockStart is where the server's manual clock starts: a whole second,
// so that the times the script sees are the same on every run.
const clockStart = "2025-06-01T12:00:00Z"

// server is a kinesisfake-server running in a process of its own.
type server struct {
	Endpoint string // http://127.0.0.1:PORT
	cmd      *exec.Cmd
}

// startServer builds cmd/kinesisfake-server into dir (ctx bounds the
// build) and starts it on a free port of the loopback interface with a
// manual clock. The admin routes (the clock's included) live in that
// command's package main, so they cannot be served from this process.
func startServer(ctx context.Context, dir string) (*server, error) {
	bin := filepath.Join(dir, "kinesisfake-server")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/kinesisfake/kinesisfake/cmd/kinesisfake-server")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-manual-clock", "-clock-start", clockStart) // until stop, whatever ctx

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

// checkPython reports why python3 with boto3 cannot run the script, or nil.
func checkPython(ctx context.Context) error {
	if _, err := exec.LookPath("python3"); err != nil {
		return fmt.Errorf("python3 is not installed: %v", err)
	}
	out, err := exec.CommandContext(ctx, "python3", "-c", "import boto3").CombinedOutput()
	if err != nil {
		return fmt.Errorf("python3 cannot import boto3: %v\n%s", err, out)
	}
	return nil
}

// runScript writes kinesis_boto3.py into dir and runs it with python3
// against endpoint, its output to w.
func runScript(ctx context.Context, dir, endpoint string, w io.Writer) error {
	path := filepath.Join(dir, "kinesis_boto3.py")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "python3", path, endpoint)
	// No profile, proxy or region of the machine's may change what boto3 sends.
	cmd.Env = append(os.Environ(), "AWS_CONFIG_FILE="+os.DevNull, "AWS_SHARED_CREDENTIALS_FILE="+os.DevNull, "NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1")
	cmd.Stdout, cmd.Stderr = w, w
	return cmd.Run()
}
