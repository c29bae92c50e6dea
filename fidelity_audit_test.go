package kinesisfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Claims of FIDELITY.md that no other test pinned, found by an audit of it
// against the fake: each row cites its section.

// TestFidelityControlPlaneRates: FIDELITY.md, "Control-plane rates
// (LimitExceededException)": every operation's rate and whether AWS counts
// it per stream or per account. TestControlPlaneRates runs the mechanism
// for some of them; this pins the table for the rest.
func TestFidelityControlPlaneRates(t *testing.T) {
	const account, stream = false, true
	for _, tt := range []struct {
		op        string
		rate      int
		perStream bool
	}{
		{OpDescribeStream, 10, account},
		{OpDescribeStreamSummary, 20, account},
		{OpListShards, 1000, stream},
		{OpListStreams, 5, account},
		{OpCreateStream, 5, account},
		{OpDeleteStream, 5, account},
		{OpSplitShard, 5, account},
		{OpMergeShards, 5, account},
		{OpAddTagsToStream, 5, account},
		{OpRemoveTagsFromStream, 5, account},
		{OpListTagsForStream, 5, account},
		{OpIncreaseStreamRetentionPeriod, 5, account},
		{OpDecreaseStreamRetentionPeriod, 5, account},
		{OpEnableEnhancedMonitoring, 5, account},
		{OpDisableEnhancedMonitoring, 5, account},
		{OpDescribeLimits, 1, account},
		{OpRegisterStreamConsumer, 5, account},
		{OpDeregisterStreamConsumer, 5, stream},
		{OpListStreamConsumers, 5, stream},
		{OpDescribeStreamConsumer, 20, stream},
		{OpUpdateShardCount, 10, account},
	} {
		assert.Equal(t, tt.rate, DefaultLimits().ControlPlane[tt.op], tt.op)
		assert.Equal(t, tt.perStream, operations[tt.op].perStream, "%s per stream", tt.op)
	}
}

// TestFidelityValidation: constraints of the model that FIDELITY.md names,
// through every door, with AWS's text.
func TestFidelityValidation(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		h.stream("s", 1)
		for _, tt := range []struct {
			name string
			call func() error
			want string
		}{
			// "Identifiers": a malformed StreamARN fails the model's pattern.
			{"malformed StreamARN", func() error {
				_, err := h.api.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamARN: aws.String("arn:bad")})
				return err
			}, `1 validation error detected: Value 'arn:bad' at 'streamARN' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\d{12}:stream/\S+`},
			// "PutRecord / PutRecords": PartitionKey 1..256 characters.
			{"PartitionKey of 257", func() error {
				_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String(strings.Repeat("k", 257)), Data: []byte("x")})
				return err
			}, "1 validation error detected: Value '" + strings.Repeat("k", 257) + "' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256"},
			// "PutRecord / PutRecords": the path of an entry is 1-based.
			{"PutRecords entry 2 with an empty key", func() error {
				_, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{
					{PartitionKey: aws.String("k"), Data: []byte("x")}, {PartitionKey: aws.String(""), Data: []byte("x")}}})
				return err
			}, "1 validation error detected: Value '' at 'records.2.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				var v *types.ValidationException
				if assert.ErrorAs(t, tt.call(), &v) {
					assert.Equal(t, tt.want, v.ErrorMessage())
				}
			})
		}
		// A PartitionKey of exactly 256 characters is valid.
		_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String(strings.Repeat("k", 256)), Data: []byte("x")})
		assert.NoError(t, err)
	})
}

// TestFidelityPutBodies: FIDELITY.md, "PutRecord / PutRecords": on an
// unencrypted stream PutRecords' body is only FailedRecordCount and
// Records (FailedRecordCount always set); a successful entry carries
// SequenceNumber and ShardId, a failed one ErrorCode and ErrorMessage; on
// a KMS stream both answers carry EncryptionType "KMS". Over raw JSON
// only: which members a body holds is what is checked, and the SDK doors
// decode bodies into structs that cannot tell a member absent from empty.
func TestFidelityPutBodies(t *testing.T) {
	f, _ := fakeAt(t, harnessStart)
	f.CreateStreamT(t, "s", 1)
	srv := httptest.NewServer(f.Handler())
	t.Cleanup(srv.Close)
	post := func(op, body string) map[string]any {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("X-Amz-Target", targetPrefix+"."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		signRequest(req)
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
		var m map[string]any
		if len(b) > 0 {
			require.NoError(t, json.Unmarshal(b, &m), string(b))
		}
		return m
	}
	keys := func(m map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	entry := func(m map[string]any) map[string]any {
		t.Helper()
		recs, _ := m["Records"].([]any)
		require.Len(t, recs, 1)
		e, _ := recs[0].(map[string]any)
		return e
	}
	const one = `{"StreamName":"s","Records":[{"PartitionKey":"k","Data":"AAH/"}]}`

	ok := post(OpPutRecords, one)
	assert.Equal(t, []string{"FailedRecordCount", "Records"}, keys(ok))
	assert.Equal(t, float64(0), ok["FailedRecordCount"])
	assert.Equal(t, []string{"SequenceNumber", "ShardId"}, keys(entry(ok)))

	fault := f.InjectFault(Fault{Op: OpPutRecords, Shard: "shardId-000000000000", Err: ErrProvisionedThroughputExceeded, Times: 1})
	failed := post(OpPutRecords, one)
	fault.Remove()
	assert.Equal(t, float64(1), failed["FailedRecordCount"])
	assert.Equal(t, map[string]any{
		"ErrorCode":    "ProvisionedThroughputExceededException",
		"ErrorMessage": "Rate exceeded for shard shardId-000000000000 in stream s under account " + DefaultAccountID + ".",
	}, entry(failed))

	post(OpStartStreamEncryption, `{"StreamName":"s","EncryptionType":"KMS","KeyId":"alias/aws/kinesis"}`)
	put := post(OpPutRecord, `{"StreamName":"s","PartitionKey":"k","Data":"AAH/"}`)
	assert.Equal(t, []string{"EncryptionType", "SequenceNumber", "ShardId"}, keys(put))
	assert.Equal(t, "KMS", put["EncryptionType"])
	puts := post(OpPutRecords, one)
	assert.Equal(t, []string{"EncryptionType", "FailedRecordCount", "Records"}, keys(puts))
	assert.Equal(t, "KMS", puts["EncryptionType"])
}
