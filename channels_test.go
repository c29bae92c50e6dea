package kinesisfake

import (
	"fmt"
	"regexp"
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

// Fixtures of the channel tests.

// chnStart is the ManualClock's starting time.
var chnStart = time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC)

// chnCmp compares the SDK's channel structs by their exported fields.
var chnCmp = cmpopts.IgnoreUnexported(
	types.ChannelDescription{}, types.ChannelStreamDescription{}, types.RecordConfiguration{},
	types.ChannelLoggingConfiguration{}, types.CloudWatchLogs{}, types.S3DestinationDescription{},
	types.DeadLetterQueueS3Configuration{}, types.S3StorageConfiguration{}, types.S3TablesDestinationDescription{},
	types.S3TablesConfiguration{}, types.PartitionSpec{}, types.PartitionField{}, types.ChannelEncryptionConfiguration{},
	types.ChannelSummary{}, types.ChannelStreamIdentifier{},
)

// chn is a harness at chnStart with an ACTIVE ON_DEMAND stream
// "src", which channels can read, plus helpers that fail the test on
// unexpected errors. Throughput limits are off, as in the consumer tests.
type chn struct {
	*harness
	srcARN string
}

// newChn returns the fixture on the direct door with the given state
// delays; the stream is ACTIVE when it returns.
func newChn(t *testing.T, delays StateDelays) *chn {
	t.Helper()
	return newChnOn(t, directTestDoor, delays)
}

// newChnOn is newChn through door.
func newChnOn(t *testing.T, door testDoor, delays StateDelays) *chn {
	t.Helper()
	h := &chn{harness: newHarnessAt(t, chnStart, door, WithStateDelays(delays))}
	h.srcARN = h.onDemandStream("src")
	h.clk.Advance(delays.Create) // the stream is ACTIVE from here on
	return h
}

// onDemandStream creates an ON_DEMAND stream and returns its ARN.
func (h *chn) onDemandStream(name string) string {
	h.t.Helper()
	_, err := h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{
		StreamName: &name, StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand},
	})
	require.NoError(h.t, err)
	return h.f.streamARN(name)
}

// s3Input is a minimal CreateChannel request for a general purpose S3
// destination reading stream "src".
func (h *chn) s3Input(name string) *kinesis.CreateChannelInput {
	return &kinesis.CreateChannelInput{
		ChannelName:             aws.String(name),
		ServiceExecutionRoleARN: aws.String("arn:aws:iam::000000000000:role/deliver"),
		StreamConfigurationList: []types.ChannelStreamConfiguration{{
			StreamARN:           aws.String(h.srcARN),
			RecordConfiguration: &types.RecordConfiguration{RecordFormatType: types.RecordFormatTypeJson},
		}},
		S3DestinationConfiguration: &types.S3DestinationConfiguration{
			StorageConfiguration: &types.S3StorageConfiguration{
				BucketARN:           aws.String("arn:aws:s3:::bucket"),
				CompressionType:     types.S3CompressionTypeGzip,
				ExpectedBucketOwner: aws.String("000000000000"),
			},
		},
	}
}

// tablesInput is a CreateChannel request for an S3 Tables destination
// reading stream "src".
func (h *chn) tablesInput(name string) *kinesis.CreateChannelInput {
	return &kinesis.CreateChannelInput{
		ChannelName:             aws.String(name),
		ServiceExecutionRoleARN: aws.String("arn:aws:iam::000000000000:role/deliver"),
		StreamConfigurationList: []types.ChannelStreamConfiguration{{
			StreamARN: aws.String(h.srcARN),
			RecordConfiguration: &types.RecordConfiguration{
				RecordFormatType: types.RecordFormatTypeGsrJson,
				GSRSchemaARN:     aws.String("arn:aws:glue:us-east-1:000000000000:schema/registry/events"),
			},
		}},
		S3TablesDestinationConfiguration: &types.S3TablesDestinationConfiguration{
			DataFreshnessInSeconds: aws.Int32(60),
			DeadLetterQueueS3Configuration: &types.DeadLetterQueueS3Configuration{
				BucketARN: aws.String("arn:aws:s3:::dlq"), ExpectedBucketOwner: aws.String("000000000000"), ErrorOutputPrefix: aws.String("failed/"),
			},
			S3TablesConfigurationList: []types.S3TablesConfiguration{{
				CompressionType: types.S3TablesCompressionTypeZstd,
				Namespace:       aws.String("analytics"),
				TableBucketARN:  aws.String("arn:aws:s3tables:us-east-1:000000000000:bucket/tables"),
				TableName:       aws.String("events"),
				PartitionSpec: &types.PartitionSpec{PartitionFields: []types.PartitionField{{
					SourceName: aws.String("ts"), Transform: types.PartitionTransformTimeHour,
				}}},
			}},
		},
		EncryptionConfiguration: &types.ChannelEncryptionConfiguration{EncryptionType: types.ChannelEncryptionTypeKms, KeyId: aws.String("alias/mine")},
		LoggingConfiguration: &types.ChannelLoggingConfiguration{CloudWatchLogs: &types.CloudWatchLogs{
			Enabled: aws.Bool(true), LogGroupName: aws.String("/my/logs"),
		}},
		Tags: map[string]string{"team": "data"},
	}
}

// create creates a channel and returns its description.
func (h *chn) create(in *kinesis.CreateChannelInput) *types.ChannelDescription {
	h.t.Helper()
	out, err := h.api.CreateChannel(h.ctx, in)
	require.NoError(h.t, err)
	return out.ChannelDescription
}

// describe returns the channel's description.
func (h *chn) describe(arn string) *types.ChannelDescription {
	h.t.Helper()
	out, err := h.api.DescribeChannel(h.ctx, &kinesis.DescribeChannelInput{ChannelARN: &arn})
	require.NoError(h.t, err)
	return out.ChannelDescription
}

// chnARN is the ARN of channel name.
func chnARN(name string) string { return "arn:aws:kinesis:us-east-1:000000000000:channel/" + name }

var uuidShape = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestCreateChannelS3(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newChnOn(t, door, StateDelays{})
		got := h.create(h.s3Input("ch"))
		require.Regexp(t, uuidShape, *got.ChannelId)
		want := &types.ChannelDescription{
			ChannelName:              aws.String("ch"),
			ChannelARN:               aws.String(chnARN("ch")),
			ChannelId:                got.ChannelId,
			ChannelStatus:            types.ChannelStatusActive, // no Create delay
			ChannelCreationTimestamp: aws.Time(chnStart),
			ServiceExecutionRoleARN:  aws.String("arn:aws:iam::000000000000:role/deliver"),
			StreamConfigurationList: []types.ChannelStreamDescription{{
				StreamARN:               aws.String(h.srcARN),
				StreamCreationTimestamp: aws.Time(chnStart),
				RecordConfiguration:     &types.RecordConfiguration{RecordFormatType: types.RecordFormatTypeJson},
			}},
			// The documented defaults fill what the request left out.
			LoggingConfiguration: &types.ChannelLoggingConfiguration{CloudWatchLogs: &types.CloudWatchLogs{
				Enabled:       aws.Bool(false),
				LogGroupName:  aws.String("/aws/kinesis/ch/" + *got.ChannelId),
				LogStreamName: aws.String("DestinationDelivery"),
			}},
			S3DestinationConfiguration: &types.S3DestinationDescription{
				DataFreshnessInSeconds: aws.Int32(300),
				StorageConfiguration: &types.S3StorageConfiguration{
					BucketARN:           aws.String("arn:aws:s3:::bucket"),
					CompressionType:     types.S3CompressionTypeGzip,
					ExpectedBucketOwner: aws.String("000000000000"),
					StorageClass:        types.S3StorageClassStandard,
				},
				DeadLetterQueueS3Configuration: &types.DeadLetterQueueS3Configuration{
					BucketARN:           aws.String("arn:aws:s3:::bucket"),
					ExpectedBucketOwner: aws.String("000000000000"),
					ErrorOutputPrefix:   aws.String("error/"),
				},
			},
		}
		assert.Empty(t, cmp.Diff(want, got, chnCmp))
		assert.Empty(t, cmp.Diff(want, h.describe(chnARN("ch")), chnCmp))
	})
}

func TestCreateChannelS3Tables(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newChnOn(t, door, StateDelays{})
		in := h.tablesInput("tables")
		got := h.create(in)
		want := &types.ChannelDescription{
			ChannelName:              aws.String("tables"),
			ChannelARN:               aws.String(chnARN("tables")),
			ChannelId:                got.ChannelId,
			ChannelStatus:            types.ChannelStatusActive,
			ChannelCreationTimestamp: aws.Time(chnStart),
			ServiceExecutionRoleARN:  in.ServiceExecutionRoleARN,
			StreamConfigurationList: []types.ChannelStreamDescription{{
				StreamARN:               aws.String(h.srcARN),
				StreamCreationTimestamp: aws.Time(chnStart),
				RecordConfiguration:     in.StreamConfigurationList[0].RecordConfiguration,
			}},
			LoggingConfiguration: &types.ChannelLoggingConfiguration{CloudWatchLogs: &types.CloudWatchLogs{
				Enabled: aws.Bool(true), LogGroupName: aws.String("/my/logs"), LogStreamName: aws.String("DestinationDelivery"),
			}},
			EncryptionConfiguration: in.EncryptionConfiguration,
			S3TablesDestinationConfiguration: &types.S3TablesDestinationDescription{
				DataFreshnessInSeconds:         aws.Int32(60),
				DeadLetterQueueS3Configuration: in.S3TablesDestinationConfiguration.DeadLetterQueueS3Configuration,
				S3TablesConfigurationList:      in.S3TablesDestinationConfiguration.S3TablesConfigurationList,
			},
		}
		assert.Empty(t, cmp.Diff(want, got, chnCmp))

		h.f.mu.RLock()
		tags := h.f.channels["tables"].tags
		h.f.mu.RUnlock()
		assert.Equal(t, map[string]string{"team": "data"}, tags)
	})
}

func TestCreateChannelErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		tests := []struct {
			name    string
			delays  StateDelays
			setup   func(h *chn)
			in      func(h *chn) *kinesis.CreateChannelInput
			errType string
			msg     string
		}{
			{
				name:    "same name twice",
				setup:   func(h *chn) { h.create(h.s3Input("ch")) },
				in:      func(h *chn) *kinesis.CreateChannelInput { return h.tablesInput("ch") },
				errType: "ResourceInUseException",
				msg:     "Channel ch under account 000000000000 already exists.",
			},
			{
				name:   "same name while the first is DELETING",
				delays: StateDelays{Delete: time.Minute},
				setup: func(h *chn) {
					h.create(h.s3Input("ch"))
					_, err := h.api.DeleteChannel(h.ctx, &kinesis.DeleteChannelInput{ChannelARN: aws.String(chnARN("ch"))})
					require.NoError(h.t, err)
				},
				in:      func(h *chn) *kinesis.CreateChannelInput { return h.s3Input("ch") },
				errType: "ResourceInUseException",
				msg:     "Channel ch under account 000000000000 already exists.",
			},
			{
				name: "source stream does not exist",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.s3Input("ch")
					in.StreamConfigurationList[0].StreamARN = aws.String(h.f.streamARN("nope"))
					return in
				},
				errType: "ResourceNotFoundException",
				msg:     "Stream nope under account 000000000000 not found.",
			},
			{
				name:   "source stream still CREATING",
				delays: StateDelays{Create: time.Minute},
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.s3Input("ch")
					in.StreamConfigurationList[0].StreamARN = aws.String(h.onDemandStream("young"))
					return in
				},
				errType: "ResourceInUseException",
				msg:     "Stream young under account 000000000000 not ACTIVE, instead in state CREATING",
			},
			{
				name: "source stream PROVISIONED",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.s3Input("ch")
					in.StreamConfigurationList[0].StreamARN = aws.String(h.f.CreateStreamT(h.t, "prov", 1))
					return in
				},
				errType: "InvalidArgumentException",
				msg:     "Stream prov under account 000000000000 is in PROVISIONED mode. Channels are supported only for data streams with the on-demand capacity mode.",
			},
			{
				name: "an empty stream configuration list",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.s3Input("ch")
					in.StreamConfigurationList = []types.ChannelStreamConfiguration{}
					return in
				},
				errType: "InvalidArgumentException",
				msg:     "StreamConfigurationList must contain exactly one stream configuration: a channel reads one stream.",
			},
			{
				name: "two stream configurations",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.s3Input("ch")
					in.StreamConfigurationList = append(in.StreamConfigurationList, in.StreamConfigurationList[0])
					return in
				},
				errType: "InvalidArgumentException",
				msg:     "StreamConfigurationList must contain exactly one stream configuration: a channel reads one stream.",
			},
			{
				name: "both destinations",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.s3Input("ch")
					in.S3TablesDestinationConfiguration = h.tablesInput("x").S3TablesDestinationConfiguration
					return in
				},
				errType: "InvalidArgumentException",
				msg:     "Exactly one of S3DestinationConfiguration and S3TablesDestinationConfiguration must be provided.",
			},
			{
				name: "no destination",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.s3Input("ch")
					in.S3DestinationConfiguration = nil
					return in
				},
				errType: "InvalidArgumentException",
				msg:     "Exactly one of S3DestinationConfiguration and S3TablesDestinationConfiguration must be provided.",
			},
			{
				name: "two tables",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.tablesInput("ch")
					d := in.S3TablesDestinationConfiguration
					d.S3TablesConfigurationList = append(d.S3TablesConfigurationList, d.S3TablesConfigurationList[0])
					return in
				},
				errType: "InvalidArgumentException",
				msg:     "S3TablesConfigurationList must contain exactly one table configuration: a channel delivers to one table.",
			},
			{
				name: "GSR_JSON to a general purpose bucket",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.s3Input("ch")
					in.StreamConfigurationList[0].RecordConfiguration.RecordFormatType = types.RecordFormatTypeGsrJson
					return in
				},
				errType: "InvalidArgumentException",
				msg:     "RecordFormatType GSR_JSON is supported only for streaming table (Amazon S3 Tables) destinations.",
			},
			{
				name: "BYTE_ARRAY to a table",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.tablesInput("ch")
					in.StreamConfigurationList[0].RecordConfiguration.RecordFormatType = types.RecordFormatTypeByteArray
					return in
				},
				errType: "InvalidArgumentException",
				msg:     "RecordFormatType BYTE_ARRAY is supported only for general purpose Amazon S3 destinations.",
			},
			{
				name: "table without a schema",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.tablesInput("ch")
					in.StreamConfigurationList[0].RecordConfiguration.GSRSchemaARN = nil
					return in
				},
				errType: "InvalidArgumentException",
				msg:     "GSRSchemaARN is required when the channel destination is a streaming table (Amazon S3 Tables).",
			},
			{
				name: "the Kinesis service key",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.s3Input("ch")
					in.EncryptionConfiguration = &types.ChannelEncryptionConfiguration{
						EncryptionType: types.ChannelEncryptionTypeKms, KeyId: aws.String("arn:aws:kms:us-east-1:000000000000:alias/aws/kinesis"),
					}
					return in
				},
				errType: "InvalidArgumentException",
				msg:     "The Amazon Kinesis Data Streams service key (alias/aws/kinesis) cannot encrypt a channel's destination. Specify a customer managed KMS key.",
			},
			{
				name: "a tag AWS refuses",
				in: func(h *chn) *kinesis.CreateChannelInput {
					in := h.s3Input("ch")
					in.Tags = map[string]string{"k": "100%"}
					return in
				},
				errType: "InvalidArgumentException",
				msg:     "Failed to add tags to channel ch under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.",
			},
			{
				name: "one channel too many",
				setup: func(h *chn) {
					for i := range channelCountLimit {
						h.create(h.s3Input(fmt.Sprintf("ch%02d", i)))
					}
				},
				in:      func(h *chn) *kinesis.CreateChannelInput { return h.s3Input("ch") },
				errType: "LimitExceededException",
				msg:     "This request would exceed the channel limit for the account 000000000000 in us-east-1. Current channel count for the account: 50. Limit: 50.",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := newChnOn(t, door, tt.delays)
				if tt.setup != nil {
					tt.setup(h)
				}
				_, err := h.api.CreateChannel(h.ctx, tt.in(h))
				chnRequireErr(t, err, "CreateChannel", tt.errType, tt.msg)
			})
		}
	})
}

// chnRequireErr checks that err is the exception named errType with exactly
// the message msg, wrapped as the real client wraps a service error of op.
func chnRequireErr(t *testing.T, err error, op, errType, msg string) {
	t.Helper()
	switch errType {
	case "InvalidArgumentException":
		efoRequireErr[*types.InvalidArgumentException](t, err, op, msg)
	case "ResourceNotFoundException":
		efoRequireErr[*types.ResourceNotFoundException](t, err, op, msg)
	case "ResourceInUseException":
		efoRequireErr[*types.ResourceInUseException](t, err, op, msg)
	case "LimitExceededException":
		efoRequireErr[*types.LimitExceededException](t, err, op, msg)
	case "ExpiredNextTokenException":
		efoRequireErr[*types.ExpiredNextTokenException](t, err, op, msg)
	case "ValidationException":
		efoRequireErr[*types.ValidationException](t, err, op, msg)
	default:
		t.Fatalf("unknown error type %s", errType)
	}
}

func TestChannelIDs(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newChnOn(t, door, StateDelays{})
		a := h.create(h.s3Input("a"))
		b := h.create(h.s3Input("b"))
		assert.NotEqual(t, *a.ChannelId, *b.ChannelId)

		// The same calls give the same ids; a channel created again gets a new one.
		h2 := newChnOn(t, door, StateDelays{})
		assert.Equal(t, *a.ChannelId, *h2.create(h2.s3Input("a")).ChannelId)
		_, err := h.api.DeleteChannel(h.ctx, &kinesis.DeleteChannelInput{ChannelARN: a.ChannelARN})
		require.NoError(t, err)
		h.clk.Advance(time.Millisecond)
		assert.NotEqual(t, *a.ChannelId, *h.create(h.s3Input("a")).ChannelId)
	})
}

func TestChannelLifecycleOnTheClock(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newChnOn(t, door, StateDelays{Create: 10 * time.Second, Update: 5 * time.Second, Delete: 3 * time.Second})
		arn := *h.create(h.s3Input("ch")).ChannelARN
		assert.Equal(t, types.ChannelStatusCreating, h.describe(arn).ChannelStatus)

		update := &kinesis.UpdateChannelInput{ChannelARN: &arn, S3DestinationConfiguration: &types.S3DestinationUpdateInput{DataFreshnessInSeconds: aws.Int32(120)}}
		_, err := h.api.UpdateChannel(h.ctx, update)
		chnRequireErr(t, err, "UpdateChannel", "ResourceInUseException", "Channel ch under account 000000000000 not ACTIVE, instead in state CREATING")

		h.clk.Advance(10 * time.Second)
		assert.Equal(t, types.ChannelStatusActive, h.describe(arn).ChannelStatus)

		out, err := h.api.UpdateChannel(h.ctx, update)
		require.NoError(t, err)
		assert.Equal(t, types.ChannelStatusUpdating, out.ChannelDescription.ChannelStatus)
		assert.Equal(t, int32(120), *out.ChannelDescription.S3DestinationConfiguration.DataFreshnessInSeconds, "the new setting shows at once")
		_, err = h.api.UpdateChannel(h.ctx, update)
		chnRequireErr(t, err, "UpdateChannel", "ResourceInUseException", "Channel ch under account 000000000000 not ACTIVE, instead in state UPDATING")
		h.clk.Advance(5 * time.Second)
		assert.Equal(t, types.ChannelStatusActive, h.describe(arn).ChannelStatus)

		_, err = h.api.DeleteChannel(h.ctx, &kinesis.DeleteChannelInput{ChannelARN: &arn})
		require.NoError(t, err)
		assert.Equal(t, types.ChannelStatusDeleting, h.describe(arn).ChannelStatus)
		list, err := h.api.ListChannels(h.ctx, &kinesis.ListChannelsInput{})
		require.NoError(t, err)
		require.Len(t, list.ChannelSummaries, 1)
		assert.Equal(t, types.ChannelStatusDeleting, list.ChannelSummaries[0].ChannelStatus)

		h.clk.Advance(3 * time.Second)
		_, err = h.api.DescribeChannel(h.ctx, &kinesis.DescribeChannelInput{ChannelARN: &arn})
		chnRequireErr(t, err, "DescribeChannel", "ResourceNotFoundException", "Channel ch under account 000000000000 not found.")
		list, err = h.api.ListChannels(h.ctx, &kinesis.ListChannelsInput{})
		require.NoError(t, err)
		assert.Empty(t, list.ChannelSummaries)
		h.create(h.s3Input("ch")) // the name is free again
	})
}

func TestDescribeChannelErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newChnOn(t, door, StateDelays{})
		h.create(h.s3Input("ch"))
		tests := []struct {
			name    string
			arn     string
			errType string
			msg     string
		}{
			{"unknown channel", chnARN("nope"), "ResourceNotFoundException", "Channel nope under account 000000000000 not found."},
			{"another region", "arn:aws:kinesis:eu-west-1:000000000000:channel/ch", "ResourceNotFoundException", "Channel ch under account 000000000000 not found."},
			{"another account", "arn:aws:kinesis:us-east-1:111111111111:channel/ch", "ResourceNotFoundException", "Channel ch under account 111111111111 not found."},
			{
				"a stream ARN fails the model's pattern", h.srcARN, "ValidationException",
				"1 validation error detected: Value '" + h.srcARN + "' at 'channelARN' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:channel/\\S+",
			},
			{
				"an ARN the pattern allows but no channel name can have", chnARN("a/b"), "InvalidArgumentException",
				"ChannelARN " + chnARN("a/b") + " is not a valid Kinesis channel ARN.",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := h.api.DescribeChannel(h.ctx, &kinesis.DescribeChannelInput{ChannelARN: &tt.arn})
				chnRequireErr(t, err, "DescribeChannel", tt.errType, tt.msg)
			})
		}
	})
}

func TestChannelDescriptionsAreCopies(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newChnOn(t, door, StateDelays{})
		in := h.tablesInput("ch")
		first := h.create(in)
		before := h.describe(*first.ChannelARN)

		// Changing the request or a returned description changes nothing.
		*in.S3TablesDestinationConfiguration.S3TablesConfigurationList[0].TableName = "changed"
		*in.S3TablesDestinationConfiguration.S3TablesConfigurationList[0].PartitionSpec.PartitionFields[0].SourceName = "changed"
		*in.StreamConfigurationList[0].RecordConfiguration.GSRSchemaARN = "changed"
		*in.LoggingConfiguration.CloudWatchLogs.LogGroupName = "changed"
		*in.EncryptionConfiguration.KeyId = "changed"
		*first.S3TablesDestinationConfiguration.DeadLetterQueueS3Configuration.BucketARN = "changed"
		*first.S3TablesDestinationConfiguration.DataFreshnessInSeconds = 1
		*first.LoggingConfiguration.CloudWatchLogs.Enabled = false
		assert.Empty(t, cmp.Diff(before, h.describe(*first.ChannelARN), chnCmp))
	})
}

func TestListChannels(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newChnOn(t, door, StateDelays{})
		for _, name := range []string{"e", "b", "d", "a", "c"} {
			h.create(h.s3Input(name))
		}
		other := h.onDemandStream("other")
		in := h.tablesInput("t")
		in.StreamConfigurationList[0].StreamARN = &other
		h.create(in)

		names := func(cs []types.ChannelSummary) []string {
			var out []string
			for _, c := range cs {
				out = append(out, *c.ChannelName)
			}
			return out
		}

		t.Run("summaries", func(t *testing.T) {
			out, err := h.api.ListChannels(h.ctx, &kinesis.ListChannelsInput{MaxResults: aws.Int32(1000)})
			require.NoError(t, err)
			assert.Equal(t, []string{"a", "b", "c", "d", "e", "t"}, names(out.ChannelSummaries))
			assert.Nil(t, out.NextToken)
			want := types.ChannelSummary{
				ChannelName:              aws.String("t"),
				ChannelARN:               aws.String(chnARN("t")),
				ChannelId:                out.ChannelSummaries[5].ChannelId,
				ChannelStatus:            types.ChannelStatusActive,
				ChannelCreationTimestamp: aws.Time(chnStart),
				ChannelDestinationType:   types.ChannelDestinationTypeS3Tables,
				Streams:                  []types.ChannelStreamIdentifier{{StreamARN: &other, StreamCreationTimestamp: aws.Time(chnStart)}},
			}
			assert.Empty(t, cmp.Diff(want, out.ChannelSummaries[5], chnCmp))
			assert.Equal(t, types.ChannelDestinationTypeS3, out.ChannelSummaries[0].ChannelDestinationType)
		})

		t.Run("pages of two", func(t *testing.T) {
			var got []string
			req := &kinesis.ListChannelsInput{MaxResults: aws.Int32(2)}
			for pages := 1; ; pages++ {
				out, err := h.api.ListChannels(h.ctx, req)
				require.NoError(t, err)
				got = append(got, names(out.ChannelSummaries)...)
				if out.NextToken == nil {
					assert.Equal(t, 3, pages)
					break
				}
				req.NextToken = out.NextToken
			}
			assert.Equal(t, []string{"a", "b", "c", "d", "e", "t"}, got)
		})

		filterTests := []struct {
			name    string
			filters []types.StreamFilter
			want    []string
		}{
			{"by stream", []types.StreamFilter{{StreamARN: &h.srcARN}}, []string{"a", "b", "c", "d", "e"}},
			{"by the other stream", []types.StreamFilter{{StreamARN: &other}}, []string{"t"}},
			{"by both", []types.StreamFilter{{StreamARN: &other}, {StreamARN: &h.srcARN}}, []string{"a", "b", "c", "d", "e", "t"}},
			{"by stream and its creation time", []types.StreamFilter{{StreamARN: &other, StreamCreationTimestamp: aws.Time(chnStart)}}, []string{"t"}},
			{"by stream and another creation time", []types.StreamFilter{{StreamARN: &other, StreamCreationTimestamp: aws.Time(chnStart.Add(time.Second))}}, nil},
			{"by a stream no channel reads", []types.StreamFilter{{StreamARN: aws.String(h.f.streamARN("none"))}}, nil},
		}
		for _, tt := range filterTests {
			t.Run("the SDK's paginator, filtered "+tt.name, func(t *testing.T) {
				p := kinesis.NewListChannelsPaginator(h.f, &kinesis.ListChannelsInput{StreamFilter: tt.filters},
					func(o *kinesis.ListChannelsPaginatorOptions) { o.Limit = 2 })
				var got []string
				for p.HasMorePages() {
					out, err := p.NextPage(h.ctx)
					require.NoError(t, err)
					require.NotNil(t, out.ChannelSummaries)
					got = append(got, names(out.ChannelSummaries)...)
				}
				assert.Equal(t, tt.want, got)
			})
		}
	})
}

func TestListChannelsTokenErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newChnOn(t, door, StateDelays{})
		h.create(h.s3Input("a"))
		h.create(h.s3Input("b"))
		first, err := h.api.ListChannels(h.ctx, &kinesis.ListChannelsInput{MaxResults: aws.Int32(1)})
		require.NoError(t, err)
		require.NotNil(t, first.NextToken)

		_, err = h.api.ListChannels(h.ctx, &kinesis.ListChannelsInput{NextToken: aws.String("garbage")})
		chnRequireErr(t, err, "ListChannels", "InvalidArgumentException", "Invalid NextToken.")

		h.clk.Advance(300 * time.Second)
		out, err := h.api.ListChannels(h.ctx, &kinesis.ListChannelsInput{NextToken: first.NextToken})
		require.NoError(t, err, "a token exactly 300 s old is still valid")
		assert.Equal(t, "b", *out.ChannelSummaries[0].ChannelName)
		h.clk.Advance(time.Millisecond)
		_, err = h.api.ListChannels(h.ctx, &kinesis.ListChannelsInput{NextToken: first.NextToken})
		chnRequireErr(t, err, "ListChannels", "ExpiredNextTokenException",
			"NextToken expired. The token was created at time Tue Jul 01 08:00:00 UTC 2025 while right now it is Tue Jul 01 08:05:00 UTC 2025 which is further in the future than the tolerated delay of 300000 milliseconds.")
	})
}

func TestUpdateChannel(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newChnOn(t, door, StateDelays{})
		s3 := *h.create(h.s3Input("s3")).ChannelARN
		tables := *h.create(h.tablesInput("tables")).ChannelARN

		t.Run("S3 freshness", func(t *testing.T) {
			out, err := h.api.UpdateChannel(h.ctx, &kinesis.UpdateChannelInput{
				ChannelARN: &s3, S3DestinationConfiguration: &types.S3DestinationUpdateInput{DataFreshnessInSeconds: aws.Int32(900)},
			})
			require.NoError(t, err)
			assert.Equal(t, types.ChannelStatusActive, out.ChannelDescription.ChannelStatus) // no Update delay
			assert.Equal(t, int32(900), *h.describe(s3).S3DestinationConfiguration.DataFreshnessInSeconds)
		})

		t.Run("S3 Tables freshness", func(t *testing.T) {
			_, err := h.api.UpdateChannel(h.ctx, &kinesis.UpdateChannelInput{
				ChannelARN: &tables, S3TablesDestinationConfiguration: &types.S3TablesDestinationUpdateInput{DataFreshnessInSeconds: aws.Int32(30)},
			})
			require.NoError(t, err)
			assert.Equal(t, int32(30), *h.describe(tables).S3TablesDestinationConfiguration.DataFreshnessInSeconds)
		})

		t.Run("logging: names not given are kept", func(t *testing.T) {
			_, err := h.api.UpdateChannel(h.ctx, &kinesis.UpdateChannelInput{
				ChannelARN:           &tables,
				LoggingConfiguration: &types.ChannelLoggingUpdateInput{CloudWatchLogs: &types.CloudWatchLogsUpdateInput{Enabled: aws.Bool(false), LogStreamName: aws.String("other")}},
			})
			require.NoError(t, err)
			want := &types.CloudWatchLogs{Enabled: aws.Bool(false), LogGroupName: aws.String("/my/logs"), LogStreamName: aws.String("other")}
			assert.Empty(t, cmp.Diff(want, h.describe(tables).LoggingConfiguration.CloudWatchLogs, chnCmp))
		})

		errTests := []struct {
			name    string
			in      kinesis.UpdateChannelInput
			errType string
			msg     string
		}{
			{
				name:    "nothing to update",
				in:      kinesis.UpdateChannelInput{ChannelARN: &s3},
				errType: "InvalidArgumentException",
				msg:     "At least one of LoggingConfiguration, S3DestinationConfiguration and S3TablesDestinationConfiguration must be provided.",
			},
			{
				name:    "S3 Tables settings for an S3 channel",
				in:      kinesis.UpdateChannelInput{ChannelARN: &s3, S3TablesDestinationConfiguration: &types.S3TablesDestinationUpdateInput{DataFreshnessInSeconds: aws.Int32(1)}},
				errType: "InvalidArgumentException",
				msg:     "Channel s3 under account 000000000000 delivers to destination type S3; only the configuration of that destination can be updated.",
			},
			{
				name:    "S3 settings for an S3 Tables channel",
				in:      kinesis.UpdateChannelInput{ChannelARN: &tables, S3DestinationConfiguration: &types.S3DestinationUpdateInput{DataFreshnessInSeconds: aws.Int32(1)}},
				errType: "InvalidArgumentException",
				msg:     "Channel tables under account 000000000000 delivers to destination type S3_TABLES; only the configuration of that destination can be updated.",
			},
			{
				name:    "unknown channel",
				in:      kinesis.UpdateChannelInput{ChannelARN: aws.String(chnARN("nope")), S3DestinationConfiguration: &types.S3DestinationUpdateInput{DataFreshnessInSeconds: aws.Int32(1)}},
				errType: "ResourceNotFoundException",
				msg:     "Channel nope under account 000000000000 not found.",
			},
		}
		for _, tt := range errTests {
			t.Run(tt.name, func(t *testing.T) {
				in := tt.in
				_, err := h.api.UpdateChannel(h.ctx, &in)
				chnRequireErr(t, err, "UpdateChannel", tt.errType, tt.msg)
			})
		}
	})
}

func TestDeleteChannel(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		tests := []struct {
			name    string
			delays  StateDelays
			before  func(h *chn, arn string)
			arn     string // "" for the channel's own
			errType string
			msg     string
		}{
			{name: "ACTIVE"},
			{name: "CREATING", delays: StateDelays{Create: time.Minute}},
			{
				name:   "already DELETING",
				delays: StateDelays{Delete: time.Minute},
				before: func(h *chn, arn string) {
					_, err := h.api.DeleteChannel(h.ctx, &kinesis.DeleteChannelInput{ChannelARN: &arn})
					require.NoError(h.t, err)
				},
				errType: "ResourceNotFoundException",
				msg:     "Channel ch under account 000000000000 not found.",
			},
			{name: "unknown channel", arn: chnARN("nope"), errType: "ResourceNotFoundException", msg: "Channel nope under account 000000000000 not found."},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := newChnOn(t, door, tt.delays)
				arn := *h.create(h.s3Input("ch")).ChannelARN
				if tt.before != nil {
					tt.before(h, arn)
				}
				target := arn
				if tt.arn != "" {
					target = tt.arn
				}
				_, err := h.api.DeleteChannel(h.ctx, &kinesis.DeleteChannelInput{ChannelARN: &target})
				if tt.errType != "" {
					chnRequireErr(t, err, "DeleteChannel", tt.errType, tt.msg)
					return
				}
				require.NoError(t, err)
				h.clk.Advance(tt.delays.Delete)
				_, err = h.api.DescribeChannel(h.ctx, &kinesis.DescribeChannelInput{ChannelARN: &arn})
				chnRequireErr(t, err, "DescribeChannel", "ResourceNotFoundException", "Channel ch under account 000000000000 not found.")
			})
		}
	})
}

func TestDeleteStreamWithChannels(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newChnOn(t, door, StateDelays{Delete: time.Second})
		arn := *h.create(h.s3Input("ch")).ChannelARN
		counts := func() (stream, account int) {
			h.f.mu.RLock()
			defer h.f.mu.RUnlock()
			now := h.f.now()
			if s := h.f.liveStream("src", now); s != nil {
				stream = h.f.streamChannelCount(s, now)
			}
			return stream, h.f.channelCount(now)
		}
		stream, account := counts()
		assert.Equal(t, 1, stream)
		assert.Equal(t, 1, account)

		_, err := h.api.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("src"), EnforceConsumerDeletion: aws.Bool(true)})
		chnRequireErr(t, err, "DeleteStream", "ResourceInUseException",
			"DeleteStream can’t delete 000000000000:src because there are channels associated with this data stream. To delete src, first delete the channels that are associated with it.")

		// A channel being deleted no longer holds the stream, though the
		// account still counts it until it is gone.
		_, err = h.api.DeleteChannel(h.ctx, &kinesis.DeleteChannelInput{ChannelARN: &arn})
		require.NoError(t, err)
		stream, account = counts()
		assert.Equal(t, 0, stream)
		assert.Equal(t, 1, account)
		_, err = h.api.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("src")})
		require.NoError(t, err)
		h.clk.Advance(time.Second)
		_, account = counts()
		assert.Equal(t, 0, account)
	})
}

// TestCreateChannelEngineRefusesIncompleteInput calls the engine directly
// with inputs the SDK's required-member checks would stop before sending: it
// must answer with an error, never panic.
func TestCreateChannelEngineRefusesIncompleteInput(t *testing.T) {
	// Direct only: it calls the engine (h.f.createChannel) past the doors' validation.
	h := newChn(t, StateDelays{})
	tests := []struct {
		name string
		edit func(in *kinesis.CreateChannelInput)
		msg  string
	}{
		{"no StreamARN", func(in *kinesis.CreateChannelInput) { in.StreamConfigurationList[0].StreamARN = nil },
			"Each stream configuration must have a StreamARN and a RecordConfiguration."},
		{"no RecordConfiguration", func(in *kinesis.CreateChannelInput) { in.StreamConfigurationList[0].RecordConfiguration = nil },
			"Each stream configuration must have a StreamARN and a RecordConfiguration."},
		{"no StorageConfiguration", func(in *kinesis.CreateChannelInput) { in.S3DestinationConfiguration.StorageConfiguration = nil },
			"S3DestinationConfiguration must have a StorageConfiguration."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := h.s3Input("ch")
			tt.edit(in)
			_, err := h.f.createChannel(in)
			var exc *types.InvalidArgumentException
			require.ErrorAs(t, err, &exc)
			assert.Equal(t, tt.msg, exc.ErrorMessage())
		})
	}
}
