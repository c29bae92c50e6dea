package kinesisfake

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scMetrics shortens metric lists in the tables.
func scMetrics(names ...types.MetricsName) []types.MetricsName {
	if names == nil {
		return []types.MetricsName{}
	}
	return names
}

const (
	scInBytes    = types.MetricsNameIncomingBytes
	scInRecs     = types.MetricsNameIncomingRecords
	scOutBytes   = types.MetricsNameOutgoingBytes
	scOutRecs    = types.MetricsNameOutgoingRecords
	scWriteExc   = types.MetricsNameWriteProvisionedThroughputExceeded
	scReadExc    = types.MetricsNameReadProvisionedThroughputExceeded
	scIterAge    = types.MetricsNameIteratorAgeMilliseconds
	scAllMetrics = types.MetricsNameAll
)

func TestEnhancedMonitoring(t *testing.T) {
	every := scMetrics(scInBytes, scInRecs, scOutBytes, scOutRecs, scWriteExc, scReadExc, scIterAge)
	tests := []struct {
		name    string
		enabled []types.MetricsName // before the call
		enable  bool
		metrics []types.MetricsName
		want    []types.MetricsName // desired (and then enabled)
	}{
		{name: "enable one", enable: true, metrics: scMetrics(scIterAge), want: scMetrics(scIterAge)},
		{name: "enable keeps API order", enable: true, metrics: scMetrics(scIterAge, scInBytes), want: scMetrics(scInBytes, scIterAge)},
		{name: "enable adds to enabled", enabled: scMetrics(scOutBytes), enable: true, metrics: scMetrics(scInRecs), want: scMetrics(scInRecs, scOutBytes)},
		{name: "enable ALL", enabled: scMetrics(scOutBytes), enable: true, metrics: scMetrics(scAllMetrics), want: every},
		{name: "enable duplicates", enable: true, metrics: scMetrics(scInBytes, scInBytes), want: scMetrics(scInBytes)},
		{name: "enable already enabled", enabled: scMetrics(scInBytes), enable: true, metrics: scMetrics(scInBytes), want: scMetrics(scInBytes)},
		{name: "disable one", enabled: scMetrics(scInBytes, scIterAge), metrics: scMetrics(scInBytes), want: scMetrics(scIterAge)},
		{name: "disable ALL", enabled: every, metrics: scMetrics(scAllMetrics), want: scMetrics()},
		{name: "disable not enabled", enabled: scMetrics(scInBytes), metrics: scMetrics(scReadExc), want: scMetrics(scInBytes)},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door)
				arn := h.stream("s", 1)
				if len(tt.enabled) > 0 {
					_, err := h.api.EnableEnhancedMonitoring(h.ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: aws.String("s"), ShardLevelMetrics: tt.enabled})
					require.NoError(t, err)
				}
				var got kinesis.EnableEnhancedMonitoringOutput
				if tt.enable {
					out, err := h.api.EnableEnhancedMonitoring(h.ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: aws.String("s"), ShardLevelMetrics: tt.metrics})
					require.NoError(t, err)
					got = *out
				} else {
					out, err := h.api.DisableEnhancedMonitoring(h.ctx, &kinesis.DisableEnhancedMonitoringInput{StreamName: aws.String("s"), ShardLevelMetrics: tt.metrics})
					require.NoError(t, err)
					got = kinesis.EnableEnhancedMonitoringOutput(*out)
				}
				want := kinesis.EnableEnhancedMonitoringOutput{
					CurrentShardLevelMetrics: scMetrics(tt.enabled...),
					DesiredShardLevelMetrics: tt.want,
					StreamName:               aws.String("s"),
					StreamARN:                aws.String(arn),
				}
				if tt.enabled == nil {
					want.CurrentShardLevelMetrics = scMetrics()
				}
				if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(kinesis.EnableEnhancedMonitoringOutput{}), cmpopts.IgnoreFields(kinesis.EnableEnhancedMonitoringOutput{}, "ResultMetadata")); diff != "" {
					t.Errorf("output (-want +got):\n%s", diff)
				}
				assert.Equal(t, tt.want, scStream(t, h.f, "s").enhancedMetrics)
				assert.Equal(t, types.StreamStatusActive, scStatus(t, h.f, "s"), "monitoring changes do not pass through UPDATING")
			})
		}
	})
}

func TestEnhancedMonitoringErrors(t *testing.T) {
	tests := []struct {
		name    string
		stream  string
		metrics []types.MetricsName
		setup   func(t *testing.T, h *sc)
		want    scErrCheck
	}{
		{name: "missing stream", stream: "missing", metrics: scMetrics(scInBytes),
			want: scWant[types.ResourceNotFoundException]("Stream missing under account " + scAccount + " not found.")},
		{name: "stream UPDATING", metrics: scMetrics(scInBytes),
			setup: func(t *testing.T, h *sc) {
				require.NoError(t, h.startEncryption("s", scKeyUUID))
			},
			want: scWant[types.ResourceInUseException]("Stream s under account " + scAccount + " not ACTIVE, instead in state UPDATING")},
		{name: "empty list", metrics: scMetrics(),
			want: scWant[types.ValidationException]("1 validation error detected: Value '[]' at 'shardLevelMetrics' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{name: "too many", metrics: scMetrics(scInBytes, scInBytes, scInBytes, scInBytes, scInBytes, scInBytes, scInBytes, scInBytes),
			want: scWant[types.ValidationException]("1 validation error detected: Value '[IncomingBytes, IncomingBytes, IncomingBytes, IncomingBytes, IncomingBytes, IncomingBytes, IncomingBytes, IncomingBytes]' at 'shardLevelMetrics' failed to satisfy constraint: Member must have length less than or equal to 7")},
		{name: "unknown metric", metrics: scMetrics("Bogus"),
			want: func(t *testing.T, op string, err error) {
				// The wording of enum violations in lists is the model
				// checks' business; only the type and the gist are pinned.
				var e *types.ValidationException
				require.ErrorAs(t, err, &e)
				assert.Contains(t, e.ErrorMessage(), "Value '[Bogus]' at 'shardLevelMetrics'")
				assert.Contains(t, e.ErrorMessage(), "Member must satisfy enum value set")
			}},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			for _, enable := range []bool{true, false} {
				op := map[bool]string{true: "EnableEnhancedMonitoring", false: "DisableEnhancedMonitoring"}[enable]
				t.Run(op+"/"+tt.name, func(t *testing.T) {
					h := scFakeOn(t, door, WithStateDelays(StateDelays{Update: time.Second}))
					h.stream("s", 1)
					_, err := h.api.EnableEnhancedMonitoring(h.ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: aws.String("s"), ShardLevelMetrics: scMetrics(scOutRecs)})
					require.NoError(t, err)
					if tt.setup != nil {
						tt.setup(t, h)
					}
					stream := "s"
					if tt.stream != "" {
						stream = tt.stream
					}
					if enable {
						_, err = h.api.EnableEnhancedMonitoring(h.ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: aws.String(stream), ShardLevelMetrics: tt.metrics})
					} else {
						_, err = h.api.DisableEnhancedMonitoring(h.ctx, &kinesis.DisableEnhancedMonitoringInput{StreamName: aws.String(stream), ShardLevelMetrics: tt.metrics})
					}
					tt.want(t, op, err)
					assert.Equal(t, scMetrics(scOutRecs), scStream(t, h.f, "s").enhancedMetrics, "a failed call changes nothing")
				})
			}
		}
	})
}
