package kinesisfake

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMaxRetainedBytes: with a cap on the data the Fake keeps, a put that
// would pass it is throttled as a write over its shard's rate is, and
// nothing acknowledged is dropped; room comes back as records age past
// retention and as deleted streams go.
func TestMaxRetainedBytes(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		h.stream("s", 1)
		h.stream("t", 1)
		data := make([]byte, 99) // 100 bytes with the partition key "k"
		put := func(stream string) error {
			_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: &stream, PartitionKey: aws.String("k"), Data: data})
			return err
		}
		for range 10 {
			require.NoError(t, put("s"))
		}
		err := put("t")
		requireSDKError[*types.ProvisionedThroughputExceededException](t, err, "PutRecord",
			"Rate exceeded for shard shardId-000000000000 in stream t under account 000000000000.")
		out, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{
			{PartitionKey: aws.String("k"), Data: data},
		}})
		require.NoError(t, err)
		assert.Equal(t, int32(1), aws.ToInt32(out.FailedRecordCount))
		assert.Equal(t, "ProvisionedThroughputExceededException", aws.ToString(out.Records[0].ErrorCode))
		assert.Len(t, h.f.Records("s", shardID(0)), 10, "nothing acknowledged is dropped")

		_, err = h.api.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		require.NoError(t, put("t"), "a deleted stream's records give their room back")
		for range 9 {
			require.NoError(t, put("t"))
		}
		require.Error(t, put("t"))
		h.clk.Advance(24*time.Hour + time.Millisecond)
		require.NoError(t, put("t"), "records past retention give theirs")
	}, WithMaxRetainedBytes(1000))
}

// TestReset: Reset forgets every stream and its records, faults, the call
// log, resource policies, consumers, KMS key states and account settings,
// and a stream of the same name made again starts afresh: the old
// iterators stay invalid.
func TestReset(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		h.stream("s", 1)
		h.putAt("s", "0", "a")
		it, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shardID(0)), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		require.NoError(t, err)
		h.f.InjectFault(Fault{Op: "ListStreams", Err: ErrLimitExceeded})
		arn := h.f.streamARN("s")
		_, err = h.api.PutResourcePolicy(h.ctx, &kinesis.PutResourcePolicyInput{ResourceARN: &arn, Policy: aws.String(`{"Version":"2012-10-17","Statement":[]}`)})
		require.NoError(t, err)
		h.consumer(arn, "app")
		h.f.SetKMSKeyState("alias/k", KMSKeyDisabled)
		encrypt := func() error {
			_, err := h.api.StartStreamEncryption(h.ctx, &kinesis.StartStreamEncryptionInput{StreamName: aws.String("s"), EncryptionType: types.EncryptionTypeKms, KeyId: aws.String("alias/k")})
			return err
		}
		var disabled *types.KMSDisabledException
		require.ErrorAs(t, encrypt(), &disabled)
		_, err = h.api.UpdateAccountSettings(h.ctx, &kinesis.UpdateAccountSettingsInput{
			MinimumThroughputBillingCommitment: &types.MinimumThroughputBillingCommitmentInput{Status: types.MinimumThroughputBillingCommitmentInputStatusEnabled}})
		require.NoError(t, err)
		require.NotZero(t, h.f.accountSettings)
		require.NotEmpty(t, h.f.policies)
		require.NotEmpty(t, h.f.kmsKeys)

		h.f.Reset()
		out, err := h.api.ListStreams(h.ctx, &kinesis.ListStreamsInput{})
		require.NoError(t, err, "faults are gone")
		assert.Empty(t, out.StreamNames)
		assert.Equal(t, 1, h.f.CallCount(""), "the call log restarted")
		assert.Zero(t, h.f.retained.held.Load())
		assert.Empty(t, h.f.policies, "resource policies are gone")
		assert.Empty(t, h.f.kmsKeys, "KMS key states are gone")
		assert.Zero(t, h.f.accountSettings, "account settings are gone")

		settings, err := h.api.DescribeAccountSettings(h.ctx, &kinesis.DescribeAccountSettingsInput{})
		require.NoError(t, err)
		assert.Equal(t, &types.MinimumThroughputBillingCommitmentOutput{Status: types.MinimumThroughputBillingCommitmentOutputStatusDisabled},
			settings.MinimumThroughputBillingCommitment, "a commitment never enabled")

		again, err := h.f.CreateStreamNow("s", 1)
		require.NoError(t, err)
		require.Equal(t, arn, again, "the same ARN, made at the same instant")
		_, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		requireSDKError[*types.ResourceNotFoundException](t, err, "GetRecords", "Shard shardId-000000000000 in stream s under account 000000000000 does not exist")
		consumers, err := h.api.ListStreamConsumers(h.ctx, &kinesis.ListStreamConsumersInput{StreamARN: &arn})
		require.NoError(t, err)
		assert.Empty(t, consumers.Consumers, "consumers are gone")
		assert.NoError(t, encrypt(), "the key is no longer disabled")
	}, WithMaxRetainedBytes(1000))
}

// TestCreateStreamNow: setup without a test, and AWS's error for a stream
// AWS would refuse.
func TestCreateStreamNow(t *testing.T) {
	h := newHarness(t, directTestDoor)
	arn, err := h.f.CreateStreamNow("orders", 4)
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:kinesis:us-east-1:000000000000:stream/orders", arn)
	_, err = h.f.CreateStreamNow("orders", 1)
	requireSDKError[*types.ResourceInUseException](t, err, "CreateStream", "Stream orders under account 000000000000 already exists.")
	_, err = h.f.CreateStreamNow("bad name!", 1)
	var v *types.ValidationException
	require.ErrorAs(t, err, &v)
	assert.Zero(t, h.f.CallCount(""), "setup is not a call")
}
