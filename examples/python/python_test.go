package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBoto3Script runs kinesis_boto3.py, with python3 and boto3, against
// kinesisfake-server in a process of its own. It takes a few seconds, most
// of them the server's build and boto3's start-up.
func TestBoto3Script(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: it builds the server and starts python3")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("go is not installed: %v", err)
	}
	if err := checkPython(t.Context()); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	srv, err := startServer(t.Context(), dir)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, srv.stop(), "the server's exit") })

	var out strings.Builder
	err = runScript(t.Context(), dir, srv.Endpoint, &out)

	require.NoError(t, err, "kinesis_boto3.py:\n%s", out.String())
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")[1:] {
		// On a manual clock every check runs: none fails, none is skipped.
		assert.True(t, strings.HasPrefix(line, "ok"), "kinesis_boto3.py: %s", line)
	}
	for _, check := range []string{
		"ok   waiter stream_exists returned",
		"ok   put_records: FailedRecordCount",
		"ok   describe_stream of a missing stream",
		"ok   get_records with an iterator 5m1s old",
		"ok   SubscribeToShardEvent: the shard's records, data as bytes",
	} {
		assert.Contains(t, out.String(), check+"\n")
	}
	assert.True(t, strings.HasSuffix(out.String(), "\nok\n"), "kinesis_boto3.py's last line is ok:\n%s", out.String())
}
