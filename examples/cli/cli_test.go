package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSmokeScript runs smoke.sh, with the AWS CLI and curl, against
// kinesisfake-server in a process of its own. It takes seconds, most of
// them the AWS CLI's start-up, 8 times.
func TestSmokeScript(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the AWS CLI takes seconds")
	}
	for _, tool := range []string{"sh", "aws", "curl", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: %v", tool, err)
		}
	}
	srv, err := startServer(t.Context(), t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, srv.stop(), "the server's exit") })

	var out strings.Builder
	err = runSmoke(t.Context(), srv.Endpoint, &out)

	require.NoError(t, err, "smoke.sh:\n%s", out.String())
	assert.Contains(t, out.String(), "get-records with the old iterator: ExpiredIteratorException")
	assert.True(t, strings.HasSuffix(out.String(), "\nok\n"), "smoke.sh's last line is ok:\n%s", out.String())
}
