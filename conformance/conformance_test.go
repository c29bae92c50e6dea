//go:build conformance

package conformance

// The suite against an endpoint of the user's choice (README.md):
//
//	KINESIS_ENDPOINT=http://localhost:4567 go test -tags conformance -count=1 -v ./conformance/
//
// It is behind the build tag so that go test ./... never reaches out to a
// network service, let alone AWS's bill; the untagged tests play the same
// scenarios against kinesisfake.

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// tableFile is where TestConformance also writes its table.
var tableFile = flag.String("conformance.table", "", "also write the table of expected against observed to this file (- for standard output)")

// TestConformance plays every scenario against the endpoint the
// environment names (see endpointClient) and logs the table of expected
// against observed. A scenario whose answer differs from AWS's fails.
func TestConformance(t *testing.T) {
	c, target, err := endpointClient(os.Getenv)
	if errors.Is(err, errNoCredentials) {
		t.Skip(err)
	}
	require.NoError(t, err)
	skip, err := skipMatching(os.Getenv("KINESIS_CONFORMANCE_SKIP"))
	require.NoError(t, err)

	t.Logf("playing %d scenarios against %s", len(scenarios), target)
	table := fmt.Sprintf("Against %s:\n\n%s", target, Table(Run(t, c, skip)))
	t.Log("\n" + table)
	switch *tableFile {
	case "":
	case "-":
		fmt.Print(table)
	default:
		require.NoError(t, os.WriteFile(*tableFile, []byte(table), 0o644))
	}
}
