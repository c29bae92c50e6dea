package validation

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// errTransportNotSent is what the test transport answers, so that an operation whose
// input passed validation ends quickly, without a network.
var errTransportNotSent = errors.New("test transport: request not sent")

// validationTransport is the real client's transport in these tests. Reaching it means
// the SDK found the input valid; it fails the test when that was not expected.
type validationTransport struct {
	t      *testing.T
	allow  bool
	called bool
}

// Do records the attempt and fails the test unless sending was expected.
func (d *validationTransport) Do(*http.Request) (*http.Response, error) {
	d.called = true
	if !d.allow {
		d.t.Errorf("the SDK sent a request that Required rejects")
	}
	return nil, errTransportNotSent
}

// sdkClientError runs an operation on a real kinesis.Client and returns its
// error. allow says whether the request may reach the transport.
func sdkClientError(t *testing.T, op string, in any, allow bool) error {
	t.Helper()
	doer := &validationTransport{t: t, allow: allow}
	client := kinesis.New(kinesis.Options{
		Region:      "us-east-1",
		Credentials: aws.AnonymousCredentials{},
		HTTPClient:  doer,
		Retryer:     aws.NopRetryer{},
	})
	m := reflect.ValueOf(client).MethodByName(op)
	require.True(t, m.IsValid(), "no client method %s", op)
	out := m.Call([]reflect.Value{reflect.ValueOf(context.Background()), reflect.ValueOf(in)})
	err, _ := out[1].Interface().(error)
	return err
}

// sdkInputTypes lists the client's operations with their input types.
func sdkInputTypes(t *testing.T) map[string]reflect.Type {
	ops := map[string]reflect.Type{}
	ct := reflect.TypeOf(&kinesis.Client{})
	for i := 0; i < ct.NumMethod(); i++ {
		m := ct.Method(i)
		if m.Type.NumIn() == 4 && m.Type.In(2).Kind() == reflect.Pointer && m.Type.In(2).Elem().Name() == m.Name+"Input" {
			ops[m.Name] = m.Type.In(2)
		}
	}
	require.Len(t, ops, 45, "the pinned SDK has 45 operations")
	return ops
}

// assertRequiredLikeSDK checks Required against what the real client returns
// for the same input: the same smithy.InvalidParamsError (structure and
// text), wrapped the way production wraps it, or nil when the client sends.
func assertRequiredLikeSDK(t *testing.T, op string, in any) {
	t.Helper()
	ours := Required(in)
	theirs := sdkClientError(t, op, in, ours == nil)
	require.Error(t, theirs)
	var sdkParams smithy.InvalidParamsError
	if ours == nil {
		assert.False(t, errors.As(theirs, &sdkParams), "the SDK rejected what Required accepts: %v", theirs)
		return
	}
	var opErr *smithy.OperationError
	require.ErrorAs(t, theirs, &opErr)
	require.ErrorAs(t, opErr.Err, &sdkParams)
	require.IsType(t, smithy.InvalidParamsError{}, ours)
	assert.Equal(t, sdkParams, ours, "structure of the InvalidParamsError")
	wrapped := &smithy.OperationError{ServiceID: "Kinesis", OperationName: op, Err: ours}
	assert.Equal(t, theirs.Error(), wrapped.Error())
}

func TestRequiredEmptyInputsMatchSDK(t *testing.T) {
	for op, typ := range sdkInputTypes(t) {
		t.Run(op, func(t *testing.T) {
			assertRequiredLikeSDK(t, op, reflect.New(typ.Elem()).Interface())
		})
	}
}

func TestRequiredExactText(t *testing.T) {
	err := Required(&kinesis.GetRecordsInput{})
	require.Error(t, err)
	wrapped := &smithy.OperationError{ServiceID: "Kinesis", OperationName: "GetRecords", Err: err}
	assert.Equal(t, "operation error Kinesis: GetRecords, 1 validation error(s) found.\n- missing required field, GetRecordsInput.ShardIterator.\n", wrapped.Error())

	assert.Equal(t, Required(&kinesis.PutRecordsInput{}), Required((*kinesis.PutRecordsInput)(nil)),
		"a nil input is checked as the empty input the client sends")
	assert.NoError(t, Required("not an input"))
}

func TestRequiredNestedMatchesSDK(t *testing.T) {
	s := aws.String
	cases := []struct {
		name string
		op   string
		in   any
	}{
		{"PutRecords entries missing data", "PutRecords", &kinesis.PutRecordsInput{StreamName: s("s"), Records: []types.PutRecordsRequestEntry{
			{Data: []byte("ok"), PartitionKey: s("a")}, {PartitionKey: s("b")}, {Data: []byte{}}, {},
		}}},
		{"PutRecords empty list", "PutRecords", &kinesis.PutRecordsInput{Records: []types.PutRecordsRequestEntry{}}},
		{"PutRecord without partition key", "PutRecord", &kinesis.PutRecordInput{Data: []byte("x")}},
		{"AddTagsToStream empty tags", "AddTagsToStream", &kinesis.AddTagsToStreamInput{Tags: map[string]string{}}},
		{"AddTagsToStream no tags", "AddTagsToStream", &kinesis.AddTagsToStreamInput{StreamName: s("s")}},
		{"CreateStream empty mode", "CreateStream", &kinesis.CreateStreamInput{StreamModeDetails: &types.StreamModeDetails{}}},
		{"ListShards empty filter", "ListShards", &kinesis.ListShardsInput{ShardFilter: &types.ShardFilter{}}},
		{"SubscribeToShard empty position", "SubscribeToShard", &kinesis.SubscribeToShardInput{ConsumerARN: s("c"), StartingPosition: &types.StartingPosition{}}},
		{"UpdateAccountSettings empty commitment", "UpdateAccountSettings", &kinesis.UpdateAccountSettingsInput{MinimumThroughputBillingCommitment: &types.MinimumThroughputBillingCommitmentInput{}}},
		{"UpdateStreamMode empty mode", "UpdateStreamMode", &kinesis.UpdateStreamModeInput{StreamModeDetails: &types.StreamModeDetails{}}},
		{"ListChannels filters", "ListChannels", &kinesis.ListChannelsInput{StreamFilter: []types.StreamFilter{{StreamARN: s("a")}, {}}}},
		{"UpdateChannel nested", "UpdateChannel", &kinesis.UpdateChannelInput{
			S3DestinationConfiguration:       &types.S3DestinationUpdateInput{},
			S3TablesDestinationConfiguration: &types.S3TablesDestinationUpdateInput{},
			LoggingConfiguration:             &types.ChannelLoggingUpdateInput{CloudWatchLogs: &types.CloudWatchLogsUpdateInput{}},
		}},
		{"CreateChannel deep", "CreateChannel", &kinesis.CreateChannelInput{
			StreamConfigurationList: []types.ChannelStreamConfiguration{{}, {StreamARN: s("a"), RecordConfiguration: &types.RecordConfiguration{}}},
			S3DestinationConfiguration: &types.S3DestinationConfiguration{
				DeadLetterQueueS3Configuration: &types.DeadLetterQueueS3Configuration{},
				StorageConfiguration:           &types.S3StorageConfiguration{},
			},
			S3TablesDestinationConfiguration: &types.S3TablesDestinationConfiguration{
				S3TablesConfigurationList: []types.S3TablesConfiguration{{PartitionSpec: &types.PartitionSpec{PartitionFields: []types.PartitionField{{}, {}}}}},
			},
			EncryptionConfiguration: &types.ChannelEncryptionConfiguration{},
			LoggingConfiguration:    &types.ChannelLoggingConfiguration{CloudWatchLogs: &types.CloudWatchLogs{}},
		}},
		{"CreateChannel missing logs", "CreateChannel", &kinesis.CreateChannelInput{ChannelName: s("c"), LoggingConfiguration: &types.ChannelLoggingConfiguration{}}},
		{"GetShardIterator valid", "GetShardIterator", &kinesis.GetShardIteratorInput{ShardId: s("shardId-0"), ShardIteratorType: types.ShardIteratorTypeLatest}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { assertRequiredLikeSDK(t, tc.op, tc.in) })
	}
}

func TestRequiredNestedText(t *testing.T) {
	err := Required(&kinesis.PutRecordsInput{Records: []types.PutRecordsRequestEntry{{Data: []byte{}}, {PartitionKey: aws.String("a")}}})
	require.Error(t, err)
	assert.Equal(t, "1 validation error(s) found.\n- missing required field, PutRecordsInput.Records[1].Data.\n", err.Error())
}

func TestConstraintsTexts(t *testing.T) {
	s := aws.String
	name129, key257 := strings.Repeat("a", 129), strings.Repeat("a", 257)
	cases := []struct {
		name   string
		in     any
		server bool
		want   []string
	}{
		{"GetRecords limit 0", &kinesis.GetRecordsInput{ShardIterator: s("it"), Limit: aws.Int32(0)}, false,
			[]string{"Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"}},
		{"GetRecords limit 10001", &kinesis.GetRecordsInput{ShardIterator: s("it"), Limit: aws.Int32(10001)}, false,
			[]string{"Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000"}},
		{"PutRecord empty partition key", &kinesis.PutRecordInput{StreamName: s("s"), PartitionKey: s(""), Data: []byte("x")}, false,
			[]string{"Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1"}},
		{"PutRecord data over the model's 10 MiB", &kinesis.PutRecordInput{StreamName: s("s"), PartitionKey: s("k"), Data: make([]byte, 10485761)}, false,
			[]string{"Value 'java.nio.HeapByteBuffer[pos=0 lim=10485761 cap=10485761]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 10485760"}},
		// Recorded against real AWS by kinesalite (test/putRecord.js), in this order.
		{"PutRecord five violations", &kinesis.PutRecordInput{StreamName: s(""), PartitionKey: s(""), Data: []byte{}, ExplicitHashKey: s(""), SequenceNumberForOrdering: s("")}, false,
			[]string{
				"Value '' at 'sequenceNumberForOrdering' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})",
				"Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
				"Value '' at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})",
				"Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
				"Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
			}},
		{"PutRecord long values", &kinesis.PutRecordInput{StreamName: s(name129), PartitionKey: s(key257), Data: make([]byte, 10485761), ExplicitHashKey: s("")}, false,
			[]string{
				"Value '" + key257 + "' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256",
				"Value '' at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})",
				"Value 'java.nio.HeapByteBuffer[pos=0 lim=10485761 cap=10485761]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 10485760",
				"Value '" + name129 + "' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128",
			}},
		// Recorded by kinesalite (test/putRecords.js): 1-based entry paths, entries before streamName.
		{"PutRecords entry violations", &kinesis.PutRecordsInput{StreamName: s(""), Records: []types.PutRecordsRequestEntry{{PartitionKey: s(""), Data: []byte{}, ExplicitHashKey: s("")}}}, false,
			[]string{
				"Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
				"Value '' at 'records.1.member.explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})",
				"Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
				"Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
			}},
		{"PutRecords no records", &kinesis.PutRecordsInput{StreamName: s("s"), Records: []types.PutRecordsRequestEntry{}}, false,
			[]string{"Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1"}},
		{"PutRecords null data in an entry (raw HTTP)", &kinesis.PutRecordsInput{StreamName: s("s"), Records: []types.PutRecordsRequestEntry{{Data: []byte("x"), PartitionKey: s("a")}, {PartitionKey: s("b")}}}, true,
			[]string{"Value null at 'records.2.member.data' failed to satisfy constraint: Member must not be null"}},
		{"PutRecords nothing (raw HTTP)", &kinesis.PutRecordsInput{}, true,
			[]string{"Value null at 'records' failed to satisfy constraint: Member must not be null"}},
		{"PutRecord nothing (raw HTTP)", (*kinesis.PutRecordInput)(nil), true,
			[]string{"Value null at 'data' failed to satisfy constraint: Member must not be null"}},
		{"DescribeStreamSummary bad StreamARN", &kinesis.DescribeStreamSummaryInput{StreamARN: s("arn:aws:kinesis:us-east-1:123:stream/s")}, false,
			[]string{"Value 'arn:aws:kinesis:us-east-1:123:stream/s' at 'streamARN' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+"}},
		// The enum set as recorded by kinesalite (test/getShardIterator.js).
		{"GetShardIterator bad type", &kinesis.GetShardIteratorInput{StreamName: s("s"), ShardId: s("shardId-0"), ShardIteratorType: "FOO"}, false,
			[]string{"Value 'FOO' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]"}},
		{"GetShardIterator nothing (raw HTTP)", &kinesis.GetShardIteratorInput{}, true,
			[]string{
				"Value null at 'shardId' failed to satisfy constraint: Member must not be null",
				"Value null at 'shardIteratorType' failed to satisfy constraint: Member must not be null",
			}},
		// Recorded by kinesalite (test/mergeShards.js, test/splitShard.js,
		// test/getShardIterator.js, 2015): members sharing a hash bucket.
		{"MergeShards empty names", &kinesis.MergeShardsInput{StreamName: s(""), ShardToMerge: s(""), AdjacentShardToMerge: s("")}, false,
			[]string{
				"Value '' at 'shardToMerge' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
				"Value '' at 'shardToMerge' failed to satisfy constraint: Member must have length greater than or equal to 1",
				"Value '' at 'adjacentShardToMerge' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
				"Value '' at 'adjacentShardToMerge' failed to satisfy constraint: Member must have length greater than or equal to 1",
				"Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
				"Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
			}},
		{"SplitShard empty values", &kinesis.SplitShardInput{StreamName: s(""), ShardToSplit: s(""), NewStartingHashKey: s("")}, false,
			[]string{
				"Value '' at 'newStartingHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})",
				"Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
				"Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
				"Value '' at 'shardToSplit' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
				"Value '' at 'shardToSplit' failed to satisfy constraint: Member must have length greater than or equal to 1",
			}},
		{"GetShardIterator long names", &kinesis.GetShardIteratorInput{StreamName: s(name129), ShardId: s(name129), ShardIteratorType: types.ShardIteratorTypeLatest, StartingSequenceNumber: s("")}, false,
			[]string{
				"Value '" + name129 + "' at 'shardId' failed to satisfy constraint: Member must have length less than or equal to 128",
				"Value '' at 'startingSequenceNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})",
				"Value '" + name129 + "' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128",
			}},
		{"MergeShards nothing (raw HTTP)", &kinesis.MergeShardsInput{}, true,
			[]string{
				"Value null at 'shardToMerge' failed to satisfy constraint: Member must not be null",
				"Value null at 'adjacentShardToMerge' failed to satisfy constraint: Member must not be null",
			}},
		// Recorded by kinesalite (test/removeTagsFromStream.js).
		{"RemoveTagsFromStream long key", &kinesis.RemoveTagsFromStreamInput{StreamName: s("s"), TagKeys: []string{"a", name129, "b"}}, false,
			[]string{"Value '[a, " + name129 + ", b]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]"}},
		{"AddTagsToStream no tags", &kinesis.AddTagsToStreamInput{StreamName: s("s"), Tags: map[string]string{}}, false,
			[]string{"Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1"}},
		{"AddTagsToStream long value", &kinesis.AddTagsToStreamInput{StreamName: s("s"), Tags: map[string]string{"c": key257}}, false,
			[]string{"Value '{c=" + key257 + "}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 0]"}},
		{"EnableEnhancedMonitoring bad metric", &kinesis.EnableEnhancedMonitoringInput{StreamName: s("s"), ShardLevelMetrics: []types.MetricsName{"IncomingBytes", "Nope"}}, false,
			[]string{"Value '[IncomingBytes, Nope]' at 'shardLevelMetrics' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: " + metricsEnumSet(t, "EnableEnhancedMonitoring") + "]"}},
		{"CreateStream nested enum", &kinesis.CreateStreamInput{StreamName: s("s"), StreamModeDetails: &types.StreamModeDetails{StreamMode: "FAST"}}, false,
			[]string{"Value 'FAST' at 'streamModeDetails.streamMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]"}},
		{"CreateChannel nested list paths (raw HTTP)", &kinesis.CreateChannelInput{ChannelName: s("c"), ServiceExecutionRoleARN: s("r"),
			StreamConfigurationList: []types.ChannelStreamConfiguration{{StreamARN: s("arn:aws:kinesis:us-east-1:123456789012:stream/s"), RecordConfiguration: &types.RecordConfiguration{}}}}, true,
			[]string{"Value null at 'streamConfigurationList.1.member.recordConfiguration.recordFormatType' failed to satisfy constraint: Member must not be null"}},
		// Java counts UTF-16 units: 128 emoji are 256 units, 129 are too many.
		{"partition key of 128 emoji", &kinesis.PutRecordInput{StreamName: s("s"), PartitionKey: s(strings.Repeat("😀", 128)), Data: []byte{}}, false, nil},
		{"partition key of 129 emoji", &kinesis.PutRecordInput{StreamName: s("s"), PartitionKey: s(strings.Repeat("😀", 129)), Data: []byte{}}, false,
			[]string{"Value '" + strings.Repeat("😀", 129) + "' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256"}},
		{"StreamName with a newline", &kinesis.DescribeStreamInput{StreamName: s("a\n")}, false,
			[]string{"Value 'a\n' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"}},
		// Nested required members and enums the engine relies on invoke
		// for: its operations no longer check them again.
		{"UpdateStreamMode nested nothing (raw HTTP)", &kinesis.UpdateStreamModeInput{StreamARN: s("arn:aws:kinesis:us-east-1:123456789012:stream/s"), StreamModeDetails: &types.StreamModeDetails{}}, true,
			[]string{"Value null at 'streamModeDetails.streamMode' failed to satisfy constraint: Member must not be null"}},
		{"UpdateAccountSettings unknown status", &kinesis.UpdateAccountSettingsInput{MinimumThroughputBillingCommitment: &types.MinimumThroughputBillingCommitmentInput{Status: "MAYBE"}}, false,
			[]string{"Value 'MAYBE' at 'minimumThroughputBillingCommitment.status' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"}},
		{"UpdateShardCount unknown scaling type", &kinesis.UpdateShardCountInput{StreamName: s("s"), TargetShardCount: aws.Int32(2), ScalingType: "FAST"}, false,
			[]string{"Value 'FAST' at 'scalingType' failed to satisfy constraint: Member must satisfy enum value set: [UNIFORM_SCALING]"}},
		{"UpdateStreamWarmThroughput negative", &kinesis.UpdateStreamWarmThroughputInput{StreamName: s("s"), WarmThroughputMiBps: aws.Int32(-1)}, false,
			[]string{"Value '-1' at 'warmThroughputMiBps' failed to satisfy constraint: Member must have value greater than or equal to 0"}},
		{"valid PutRecord", validPutRecordInput(), true, nil},
		{"not an input", "GetRecords", true, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Constraints(tc.in, tc.server)
			assert.Equal(t, tc.want, got)
		})
	}
}

// metricsEnumSet reads the enum set a generated message lists for the metrics of
// an operation, so the list test does not restate the order rule.
func metricsEnumSet(t *testing.T, op string) string {
	t.Helper()
	got := Constraints(&kinesis.EnableEnhancedMonitoringInput{StreamName: aws.String("s"), ShardLevelMetrics: []types.MetricsName{"x"}}, false)
	require.Len(t, got, 1, op)
	i := strings.Index(got[0], "enum value set: ")
	require.GreaterOrEqual(t, i, 0)
	return strings.TrimSuffix(got[0][i+len("enum value set: "):], "]")
}

func TestConstraintsFidelityMessages(t *testing.T) {
	s := aws.String
	msg := func(in any) string { return Message(Constraints(in, false)) }
	assert.Equal(t, "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
		msg(&kinesis.GetRecordsInput{ShardIterator: s("i"), Limit: aws.Int32(0)}))
	assert.Equal(t, "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
		msg(&kinesis.GetRecordsInput{ShardIterator: s("i"), Limit: aws.Int32(10001)}))
	assert.Equal(t, "1 validation error detected: Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
		msg(&kinesis.PutRecordInput{StreamName: s("s"), PartitionKey: s(""), Data: []byte{}}))
	// The model allows Data up to 10 MiB; a stream's smaller MaxRecordSize
	// (default 1 MiB) is stream state that the engine checks (put.go), in the
	// same words, which FIDELITY.md records for 1 MiB + 1 byte.
	assert.Equal(t, "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
		Message([]string{"Value '" + coralBlob(1048577) + "' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576"}))
	assert.Nil(t, Constraints(&kinesis.PutRecordInput{StreamName: s("s"), PartitionKey: s("k"), Data: make([]byte, 1048577)}, false),
		"the model allows up to 10 MiB")
	assert.Equal(t, "2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "+
		"Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
		msg(&kinesis.DescribeStreamInput{StreamName: s("")}))
}

func TestMessage(t *testing.T) {
	assert.Equal(t, "", Message(nil))
	assert.Equal(t, "1 validation error detected: A", Message([]string{"A"}))
	assert.Equal(t, "3 validation errors detected: A; B; C", Message([]string{"A", "B", "C"}))
}

func TestConstraintsCapsAtTen(t *testing.T) {
	// Recorded by kinesalite (test/putRecords.js): 501 entries with empty
	// partition keys give exactly ten violations, the list's length first.
	records := make([]types.PutRecordsRequestEntry, 501)
	for i := range records {
		records[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String(""), Data: []byte{}}
	}
	got := Constraints(&kinesis.PutRecordsInput{StreamName: aws.String(""), Records: records}, false)
	require.Len(t, got, maxViolations)
	elems := strings.TrimSuffix(strings.Repeat("com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@2, ", 501), ", ")
	assert.Equal(t, "Value '["+elems+"]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500", got[0])
	for i := 1; i < maxViolations; i++ {
		assert.Equal(t, "Value '' at 'records."+strconv.Itoa(i)+".member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1", got[i])
	}
	assert.True(t, strings.HasPrefix(Message(got), "10 validation errors detected: "))
}

func TestConstraintsEmptyInputsAreValid(t *testing.T) {
	for op, typ := range sdkInputTypes(t) {
		in := reflect.New(typ.Elem()).Interface()
		assert.Nil(t, Constraints(in, false), op)
		if !raceBuild() {
			assert.Zero(t, testing.AllocsPerRun(10, func() { Constraints(in, false) }), op)
		}
	}
}

func TestJavaHashes(t *testing.T) {
	assert.Equal(t, int32(1), javaBytesHash(nil))                    // empty ByteBuffer
	assert.Equal(t, int32(31*(31+2)+1), javaBytesHash([]byte{1, 2})) // walked backwards
	assert.Equal(t, int32(31-1), javaBytesHash([]byte{0xFF}))        // bytes are signed
	assert.Equal(t, 4, javaStringLen("a😀é"))
}

// validPutRecordInput is a typical valid PutRecord input.
func validPutRecordInput() *kinesis.PutRecordInput {
	return &kinesis.PutRecordInput{
		StreamName:   aws.String("my-stream"),
		PartitionKey: aws.String("partition-key-0001"),
		Data:         bytes.Repeat([]byte{'x'}, 1024),
	}
}

// raceBuild reports a -race build, where sync.Pool (and so regexp) drops
// cached objects at random and allocation counts mean nothing.
func raceBuild() bool {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" {
				return s.Value == "true"
			}
		}
	}
	return false
}

func TestCheckPutRecordDoesNotAllocate(t *testing.T) {
	if raceBuild() {
		t.Skip("allocation counts are meaningless under -race")
	}
	in := validPutRecordInput()
	in.StreamARN = aws.String("arn:aws:kinesis:us-east-1:123456789012:stream/my-stream")
	in.ExplicitHashKey = aws.String("170141183460469231731687303715884105728")
	allocs := testing.AllocsPerRun(100, func() {
		if Required(in) != nil || Constraints(in, true) != nil {
			t.Fatal("valid input rejected")
		}
	})
	assert.Zero(t, allocs)
	recs := &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: make([]types.PutRecordsRequestEntry, 500)}
	for i := range recs.Records {
		recs.Records[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: []byte("d")}
	}
	assert.Zero(t, testing.AllocsPerRun(10, func() {
		if Required(recs) != nil || Constraints(recs, true) != nil {
			t.Fatal("valid input rejected")
		}
	}))
}

func BenchmarkCheckPutRecord(b *testing.B) {
	in := validPutRecordInput()
	b.ReportAllocs()
	for b.Loop() {
		if Required(in) != nil || Constraints(in, false) != nil {
			b.Fatal("valid input rejected")
		}
	}
}

// TestGeneratedFileIsCurrent regenerates validation_gen.go into a temporary
// file and compares, so the checked-in file cannot drift from the model, the
// supplement or the generator. It needs python3 with botocore.
func TestGeneratedFileIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	if err := exec.Command("python3", "-c", "import botocore").Run(); err != nil {
		t.Skip("python3 with botocore is not available")
	}
	out := filepath.Join(t.TempDir(), "validation_gen.go")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	output, err := exec.CommandContext(ctx, "go", "run", "./gen", "-out", out).CombinedOutput()
	require.NoError(t, err, string(output))
	want, err := os.ReadFile(out)
	require.NoError(t, err)
	have, err := os.ReadFile("validation_gen.go")
	require.NoError(t, err)
	// The second line names the model by its hash. A machine with another
	// botocore is no reason to fail: regenerating is then a deliberate act.
	if line := func(b []byte) string { return strings.SplitN(string(b), "\n", 3)[1] }; line(want) != line(have) {
		t.Skipf("this machine's botocore model differs from the one validation_gen.go was generated from:\n%s\n%s", line(have), line(want))
	}
	assert.True(t, bytes.Equal(want, have), "validation_gen.go is stale: run go generate")
}
