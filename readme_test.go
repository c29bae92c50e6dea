package kinesisfake

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadmeQuickStart runs the README's quick start as a user would: the
// first Go block, as the test file of a module of its own that requires
// this one, with this module's dependencies at their versions. So the
// README cannot drift from the API. Skipped under -short (it builds).
func TestReadmeQuickStart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module of its own")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	block := regexp.MustCompile("(?s)```go\n(.*?)```").FindSubmatch(readme)
	require.NotNil(t, block, "a Go block in the README")
	require.Contains(t, string(block[1]), "func Test", "the quick start is a test")

	repo, err := filepath.Abs(".")
	require.NoError(t, err)
	gomod, err := os.ReadFile("go.mod")
	require.NoError(t, err)
	gosum, err := os.ReadFile("go.sum")
	require.NoError(t, err)
	mod := strings.Replace(string(gomod), "module github.com/kinesisfake/kinesisfake", "module orders", 1) +
		"\nrequire github.com/kinesisfake/kinesisfake v0.0.0\n\nreplace github.com/kinesisfake/kinesisfake => " + repo + "\n"

	dir := t.TempDir()
	for name, text := range map[string][]byte{"go.mod": []byte(mod), "go.sum": gosum, "orders_test.go": block[1]} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), text, 0o644))
	}
	cmd := exec.Command("go", "test", "-count=1", "-run", "TestConsumer", "-v", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOSUMDB=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "--- PASS: TestConsumer", "%s", out)
}
