package kinesisfake

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/schemas"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
)

// KinesisAPI has every method of *kinesis.Client at the SDK version this
// module pins, with the same signatures. *Fake implements it, and so does
// *kinesis.Client; a test checks both by reflection, so an SDK upgrade that
// adds an operation fails loudly until the fake has it.
type KinesisAPI interface {
	AddTagsToStream(ctx context.Context, params *kinesis.AddTagsToStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.AddTagsToStreamOutput, error)
	CreateChannel(ctx context.Context, params *kinesis.CreateChannelInput, optFns ...func(*kinesis.Options)) (*kinesis.CreateChannelOutput, error)
	CreateStream(ctx context.Context, params *kinesis.CreateStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.CreateStreamOutput, error)
	DecreaseStreamRetentionPeriod(ctx context.Context, params *kinesis.DecreaseStreamRetentionPeriodInput, optFns ...func(*kinesis.Options)) (*kinesis.DecreaseStreamRetentionPeriodOutput, error)
	DeleteChannel(ctx context.Context, params *kinesis.DeleteChannelInput, optFns ...func(*kinesis.Options)) (*kinesis.DeleteChannelOutput, error)
	DeleteResourcePolicy(ctx context.Context, params *kinesis.DeleteResourcePolicyInput, optFns ...func(*kinesis.Options)) (*kinesis.DeleteResourcePolicyOutput, error)
	DeleteStream(ctx context.Context, params *kinesis.DeleteStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.DeleteStreamOutput, error)
	DeregisterStreamConsumer(ctx context.Context, params *kinesis.DeregisterStreamConsumerInput, optFns ...func(*kinesis.Options)) (*kinesis.DeregisterStreamConsumerOutput, error)
	DescribeAccountSettings(ctx context.Context, params *kinesis.DescribeAccountSettingsInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeAccountSettingsOutput, error)
	DescribeChannel(ctx context.Context, params *kinesis.DescribeChannelInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeChannelOutput, error)
	DescribeLimits(ctx context.Context, params *kinesis.DescribeLimitsInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeLimitsOutput, error)
	DescribeStream(ctx context.Context, params *kinesis.DescribeStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeStreamOutput, error)
	DescribeStreamConsumer(ctx context.Context, params *kinesis.DescribeStreamConsumerInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeStreamConsumerOutput, error)
	DescribeStreamSummary(ctx context.Context, params *kinesis.DescribeStreamSummaryInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeStreamSummaryOutput, error)
	DisableEnhancedMonitoring(ctx context.Context, params *kinesis.DisableEnhancedMonitoringInput, optFns ...func(*kinesis.Options)) (*kinesis.DisableEnhancedMonitoringOutput, error)
	EnableEnhancedMonitoring(ctx context.Context, params *kinesis.EnableEnhancedMonitoringInput, optFns ...func(*kinesis.Options)) (*kinesis.EnableEnhancedMonitoringOutput, error)
	GetRecords(ctx context.Context, params *kinesis.GetRecordsInput, optFns ...func(*kinesis.Options)) (*kinesis.GetRecordsOutput, error)
	GetResourcePolicy(ctx context.Context, params *kinesis.GetResourcePolicyInput, optFns ...func(*kinesis.Options)) (*kinesis.GetResourcePolicyOutput, error)
	GetShardIterator(ctx context.Context, params *kinesis.GetShardIteratorInput, optFns ...func(*kinesis.Options)) (*kinesis.GetShardIteratorOutput, error)
	IncreaseStreamRetentionPeriod(ctx context.Context, params *kinesis.IncreaseStreamRetentionPeriodInput, optFns ...func(*kinesis.Options)) (*kinesis.IncreaseStreamRetentionPeriodOutput, error)
	ListChannels(ctx context.Context, params *kinesis.ListChannelsInput, optFns ...func(*kinesis.Options)) (*kinesis.ListChannelsOutput, error)
	ListShards(ctx context.Context, params *kinesis.ListShardsInput, optFns ...func(*kinesis.Options)) (*kinesis.ListShardsOutput, error)
	ListStreamConsumers(ctx context.Context, params *kinesis.ListStreamConsumersInput, optFns ...func(*kinesis.Options)) (*kinesis.ListStreamConsumersOutput, error)
	ListStreams(ctx context.Context, params *kinesis.ListStreamsInput, optFns ...func(*kinesis.Options)) (*kinesis.ListStreamsOutput, error)
	ListTagsForResource(ctx context.Context, params *kinesis.ListTagsForResourceInput, optFns ...func(*kinesis.Options)) (*kinesis.ListTagsForResourceOutput, error)
	ListTagsForStream(ctx context.Context, params *kinesis.ListTagsForStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.ListTagsForStreamOutput, error)
	MergeShards(ctx context.Context, params *kinesis.MergeShardsInput, optFns ...func(*kinesis.Options)) (*kinesis.MergeShardsOutput, error)
	PutRecord(ctx context.Context, params *kinesis.PutRecordInput, optFns ...func(*kinesis.Options)) (*kinesis.PutRecordOutput, error)
	PutRecords(ctx context.Context, params *kinesis.PutRecordsInput, optFns ...func(*kinesis.Options)) (*kinesis.PutRecordsOutput, error)
	PutResourcePolicy(ctx context.Context, params *kinesis.PutResourcePolicyInput, optFns ...func(*kinesis.Options)) (*kinesis.PutResourcePolicyOutput, error)
	RegisterStreamConsumer(ctx context.Context, params *kinesis.RegisterStreamConsumerInput, optFns ...func(*kinesis.Options)) (*kinesis.RegisterStreamConsumerOutput, error)
	RemoveTagsFromStream(ctx context.Context, params *kinesis.RemoveTagsFromStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.RemoveTagsFromStreamOutput, error)
	SplitShard(ctx context.Context, params *kinesis.SplitShardInput, optFns ...func(*kinesis.Options)) (*kinesis.SplitShardOutput, error)
	StartStreamEncryption(ctx context.Context, params *kinesis.StartStreamEncryptionInput, optFns ...func(*kinesis.Options)) (*kinesis.StartStreamEncryptionOutput, error)
	StopStreamEncryption(ctx context.Context, params *kinesis.StopStreamEncryptionInput, optFns ...func(*kinesis.Options)) (*kinesis.StopStreamEncryptionOutput, error)
	SubscribeToShard(ctx context.Context, params *kinesis.SubscribeToShardInput, optFns ...func(*kinesis.Options)) (*kinesis.SubscribeToShardOutput, error)
	TagResource(ctx context.Context, params *kinesis.TagResourceInput, optFns ...func(*kinesis.Options)) (*kinesis.TagResourceOutput, error)
	UntagResource(ctx context.Context, params *kinesis.UntagResourceInput, optFns ...func(*kinesis.Options)) (*kinesis.UntagResourceOutput, error)
	UpdateAccountSettings(ctx context.Context, params *kinesis.UpdateAccountSettingsInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateAccountSettingsOutput, error)
	UpdateChannel(ctx context.Context, params *kinesis.UpdateChannelInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateChannelOutput, error)
	UpdateMaxRecordSize(ctx context.Context, params *kinesis.UpdateMaxRecordSizeInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateMaxRecordSizeOutput, error)
	UpdateShardCount(ctx context.Context, params *kinesis.UpdateShardCountInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateShardCountOutput, error)
	UpdateStreamMode(ctx context.Context, params *kinesis.UpdateStreamModeInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateStreamModeOutput, error)
	UpdateStreamRecordDistributionStrategy(ctx context.Context, params *kinesis.UpdateStreamRecordDistributionStrategyInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateStreamRecordDistributionStrategyOutput, error)
	UpdateStreamWarmThroughput(ctx context.Context, params *kinesis.UpdateStreamWarmThroughputInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateStreamWarmThroughputOutput, error)
	Options() kinesis.Options
}

var (
	_ KinesisAPI = (*Fake)(nil)
	_ KinesisAPI = (*kinesis.Client)(nil)
)

// AddTagsToStream implements (*kinesis.Client).AddTagsToStream against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) AddTagsToStream(ctx context.Context, params *kinesis.AddTagsToStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.AddTagsToStreamOutput, error) {
	return call(ctx, f, OpAddTagsToStream, params, (*Fake).addTagsToStream)
}

// CreateChannel implements (*kinesis.Client).CreateChannel against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) CreateChannel(ctx context.Context, params *kinesis.CreateChannelInput, optFns ...func(*kinesis.Options)) (*kinesis.CreateChannelOutput, error) {
	return call(ctx, f, OpCreateChannel, params, (*Fake).createChannel)
}

// CreateStream implements (*kinesis.Client).CreateStream against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) CreateStream(ctx context.Context, params *kinesis.CreateStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.CreateStreamOutput, error) {
	return call(ctx, f, OpCreateStream, params, (*Fake).createStream)
}

// DecreaseStreamRetentionPeriod implements (*kinesis.Client).DecreaseStreamRetentionPeriod against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DecreaseStreamRetentionPeriod(ctx context.Context, params *kinesis.DecreaseStreamRetentionPeriodInput, optFns ...func(*kinesis.Options)) (*kinesis.DecreaseStreamRetentionPeriodOutput, error) {
	return call(ctx, f, OpDecreaseStreamRetentionPeriod, params, (*Fake).decreaseStreamRetentionPeriod)
}

// DeleteChannel implements (*kinesis.Client).DeleteChannel against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DeleteChannel(ctx context.Context, params *kinesis.DeleteChannelInput, optFns ...func(*kinesis.Options)) (*kinesis.DeleteChannelOutput, error) {
	return call(ctx, f, OpDeleteChannel, params, (*Fake).deleteChannel)
}

// DeleteResourcePolicy implements (*kinesis.Client).DeleteResourcePolicy against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DeleteResourcePolicy(ctx context.Context, params *kinesis.DeleteResourcePolicyInput, optFns ...func(*kinesis.Options)) (*kinesis.DeleteResourcePolicyOutput, error) {
	return call(ctx, f, OpDeleteResourcePolicy, params, (*Fake).deleteResourcePolicy)
}

// DeleteStream implements (*kinesis.Client).DeleteStream against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DeleteStream(ctx context.Context, params *kinesis.DeleteStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.DeleteStreamOutput, error) {
	return call(ctx, f, OpDeleteStream, params, (*Fake).deleteStream)
}

// DeregisterStreamConsumer implements (*kinesis.Client).DeregisterStreamConsumer against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DeregisterStreamConsumer(ctx context.Context, params *kinesis.DeregisterStreamConsumerInput, optFns ...func(*kinesis.Options)) (*kinesis.DeregisterStreamConsumerOutput, error) {
	return call(ctx, f, OpDeregisterStreamConsumer, params, (*Fake).deregisterStreamConsumer)
}

// DescribeAccountSettings implements (*kinesis.Client).DescribeAccountSettings against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DescribeAccountSettings(ctx context.Context, params *kinesis.DescribeAccountSettingsInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeAccountSettingsOutput, error) {
	return call(ctx, f, OpDescribeAccountSettings, params, (*Fake).describeAccountSettings)
}

// DescribeChannel implements (*kinesis.Client).DescribeChannel against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DescribeChannel(ctx context.Context, params *kinesis.DescribeChannelInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeChannelOutput, error) {
	return call(ctx, f, OpDescribeChannel, params, (*Fake).describeChannel)
}

// DescribeLimits implements (*kinesis.Client).DescribeLimits against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DescribeLimits(ctx context.Context, params *kinesis.DescribeLimitsInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeLimitsOutput, error) {
	return call(ctx, f, OpDescribeLimits, params, (*Fake).describeLimits)
}

// DescribeStream implements (*kinesis.Client).DescribeStream against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DescribeStream(ctx context.Context, params *kinesis.DescribeStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeStreamOutput, error) {
	return call(ctx, f, OpDescribeStream, params, (*Fake).describeStream)
}

// DescribeStreamConsumer implements (*kinesis.Client).DescribeStreamConsumer against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DescribeStreamConsumer(ctx context.Context, params *kinesis.DescribeStreamConsumerInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeStreamConsumerOutput, error) {
	return call(ctx, f, OpDescribeStreamConsumer, params, (*Fake).describeStreamConsumer)
}

// DescribeStreamSummary implements (*kinesis.Client).DescribeStreamSummary against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DescribeStreamSummary(ctx context.Context, params *kinesis.DescribeStreamSummaryInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeStreamSummaryOutput, error) {
	return call(ctx, f, OpDescribeStreamSummary, params, (*Fake).describeStreamSummary)
}

// DisableEnhancedMonitoring implements (*kinesis.Client).DisableEnhancedMonitoring against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) DisableEnhancedMonitoring(ctx context.Context, params *kinesis.DisableEnhancedMonitoringInput, optFns ...func(*kinesis.Options)) (*kinesis.DisableEnhancedMonitoringOutput, error) {
	return call(ctx, f, OpDisableEnhancedMonitoring, params, (*Fake).disableEnhancedMonitoring)
}

// EnableEnhancedMonitoring implements (*kinesis.Client).EnableEnhancedMonitoring against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) EnableEnhancedMonitoring(ctx context.Context, params *kinesis.EnableEnhancedMonitoringInput, optFns ...func(*kinesis.Options)) (*kinesis.EnableEnhancedMonitoringOutput, error) {
	return call(ctx, f, OpEnableEnhancedMonitoring, params, (*Fake).enableEnhancedMonitoring)
}

// GetRecords implements (*kinesis.Client).GetRecords against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) GetRecords(ctx context.Context, params *kinesis.GetRecordsInput, optFns ...func(*kinesis.Options)) (*kinesis.GetRecordsOutput, error) {
	return call(ctx, f, OpGetRecords, params, (*Fake).getRecords)
}

// GetResourcePolicy implements (*kinesis.Client).GetResourcePolicy against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) GetResourcePolicy(ctx context.Context, params *kinesis.GetResourcePolicyInput, optFns ...func(*kinesis.Options)) (*kinesis.GetResourcePolicyOutput, error) {
	return call(ctx, f, OpGetResourcePolicy, params, (*Fake).getResourcePolicy)
}

// GetShardIterator implements (*kinesis.Client).GetShardIterator against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) GetShardIterator(ctx context.Context, params *kinesis.GetShardIteratorInput, optFns ...func(*kinesis.Options)) (*kinesis.GetShardIteratorOutput, error) {
	return call(ctx, f, OpGetShardIterator, params, (*Fake).getShardIterator)
}

// IncreaseStreamRetentionPeriod implements (*kinesis.Client).IncreaseStreamRetentionPeriod against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) IncreaseStreamRetentionPeriod(ctx context.Context, params *kinesis.IncreaseStreamRetentionPeriodInput, optFns ...func(*kinesis.Options)) (*kinesis.IncreaseStreamRetentionPeriodOutput, error) {
	return call(ctx, f, OpIncreaseStreamRetentionPeriod, params, (*Fake).increaseStreamRetentionPeriod)
}

// ListChannels implements (*kinesis.Client).ListChannels against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) ListChannels(ctx context.Context, params *kinesis.ListChannelsInput, optFns ...func(*kinesis.Options)) (*kinesis.ListChannelsOutput, error) {
	return call(ctx, f, OpListChannels, params, (*Fake).listChannels)
}

// ListShards implements (*kinesis.Client).ListShards against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) ListShards(ctx context.Context, params *kinesis.ListShardsInput, optFns ...func(*kinesis.Options)) (*kinesis.ListShardsOutput, error) {
	return call(ctx, f, OpListShards, params, (*Fake).listShards)
}

// ListStreamConsumers implements (*kinesis.Client).ListStreamConsumers against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) ListStreamConsumers(ctx context.Context, params *kinesis.ListStreamConsumersInput, optFns ...func(*kinesis.Options)) (*kinesis.ListStreamConsumersOutput, error) {
	return call(ctx, f, OpListStreamConsumers, params, (*Fake).listStreamConsumers)
}

// ListStreams implements (*kinesis.Client).ListStreams against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) ListStreams(ctx context.Context, params *kinesis.ListStreamsInput, optFns ...func(*kinesis.Options)) (*kinesis.ListStreamsOutput, error) {
	return call(ctx, f, OpListStreams, params, (*Fake).listStreams)
}

// ListTagsForResource implements (*kinesis.Client).ListTagsForResource against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) ListTagsForResource(ctx context.Context, params *kinesis.ListTagsForResourceInput, optFns ...func(*kinesis.Options)) (*kinesis.ListTagsForResourceOutput, error) {
	return call(ctx, f, OpListTagsForResource, params, (*Fake).listTagsForResource)
}

// ListTagsForStream implements (*kinesis.Client).ListTagsForStream against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) ListTagsForStream(ctx context.Context, params *kinesis.ListTagsForStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.ListTagsForStreamOutput, error) {
	return call(ctx, f, OpListTagsForStream, params, (*Fake).listTagsForStream)
}

// MergeShards implements (*kinesis.Client).MergeShards against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) MergeShards(ctx context.Context, params *kinesis.MergeShardsInput, optFns ...func(*kinesis.Options)) (*kinesis.MergeShardsOutput, error) {
	return call(ctx, f, OpMergeShards, params, (*Fake).mergeShards)
}

// PutRecord implements (*kinesis.Client).PutRecord against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) PutRecord(ctx context.Context, params *kinesis.PutRecordInput, optFns ...func(*kinesis.Options)) (*kinesis.PutRecordOutput, error) {
	return call(ctx, f, OpPutRecord, params, (*Fake).putRecord)
}

// PutRecords implements (*kinesis.Client).PutRecords against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) PutRecords(ctx context.Context, params *kinesis.PutRecordsInput, optFns ...func(*kinesis.Options)) (*kinesis.PutRecordsOutput, error) {
	return call(ctx, f, OpPutRecords, params, (*Fake).putRecords)
}

// PutResourcePolicy implements (*kinesis.Client).PutResourcePolicy against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) PutResourcePolicy(ctx context.Context, params *kinesis.PutResourcePolicyInput, optFns ...func(*kinesis.Options)) (*kinesis.PutResourcePolicyOutput, error) {
	return call(ctx, f, OpPutResourcePolicy, params, (*Fake).putResourcePolicy)
}

// RegisterStreamConsumer implements (*kinesis.Client).RegisterStreamConsumer against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) RegisterStreamConsumer(ctx context.Context, params *kinesis.RegisterStreamConsumerInput, optFns ...func(*kinesis.Options)) (*kinesis.RegisterStreamConsumerOutput, error) {
	return call(ctx, f, OpRegisterStreamConsumer, params, (*Fake).registerStreamConsumer)
}

// RemoveTagsFromStream implements (*kinesis.Client).RemoveTagsFromStream against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) RemoveTagsFromStream(ctx context.Context, params *kinesis.RemoveTagsFromStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.RemoveTagsFromStreamOutput, error) {
	return call(ctx, f, OpRemoveTagsFromStream, params, (*Fake).removeTagsFromStream)
}

// SplitShard implements (*kinesis.Client).SplitShard against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) SplitShard(ctx context.Context, params *kinesis.SplitShardInput, optFns ...func(*kinesis.Options)) (*kinesis.SplitShardOutput, error) {
	return call(ctx, f, OpSplitShard, params, (*Fake).splitShard)
}

// StartStreamEncryption implements (*kinesis.Client).StartStreamEncryption against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) StartStreamEncryption(ctx context.Context, params *kinesis.StartStreamEncryptionInput, optFns ...func(*kinesis.Options)) (*kinesis.StartStreamEncryptionOutput, error) {
	return call(ctx, f, OpStartStreamEncryption, params, (*Fake).startStreamEncryption)
}

// StopStreamEncryption implements (*kinesis.Client).StopStreamEncryption against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) StopStreamEncryption(ctx context.Context, params *kinesis.StopStreamEncryptionInput, optFns ...func(*kinesis.Options)) (*kinesis.StopStreamEncryptionOutput, error) {
	return call(ctx, f, OpStopStreamEncryption, params, (*Fake).stopStreamEncryption)
}

// SubscribeToShard implements (*kinesis.Client).SubscribeToShard against the
// fake. The SDK keeps the output's event stream unexported, so the call goes
// through an in-memory *kinesis.Client of this Fake with retries off (as
// the direct door has none): errors before the stream opens are the real
// client's, typed and wrapped as every other call's, and GetStream returns
// a working stream. Close it when done; its events are pulled from the
// engine as the SDK's reader asks for them. The call log records the
// request as it arrived on the wire. optFns are accepted for signature
// compatibility and ignored.
func (f *Fake) SubscribeToShard(ctx context.Context, params *kinesis.SubscribeToShardInput, optFns ...func(*kinesis.Options)) (*kinesis.SubscribeToShardOutput, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	f.directOnce.Do(func() {
		f.directClient = f.Client(func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} })
	})
	return f.directClient.SubscribeToShard(ctx, params, OwnEventStreamCodec)
}

// OwnEventStreamCodec is a per-call option of (*kinesis.Client).SubscribeToShard
// that gives the call's event stream a codec of its own. The SDK (smithy-go
// v1.28) decodes every event stream of a client with one shared codec, so
// two subscriptions read at once through one client race on its buffers
// (the race detector reports it, and events can be garbled); a fresh
// protocol per call avoids that:
//
//	out, err := client.SubscribeToShard(ctx, in, kinesisfake.OwnEventStreamCodec)
//
// It is the same as setting o.Protocol to awsjson.New11(schemas.Kinesis_20131202),
// and works as well against AWS. The Fake's direct SubscribeToShard uses it.
func OwnEventStreamCodec(o *kinesis.Options) {
	o.Protocol = awsjson.New11(schemas.Kinesis_20131202)
}

// TagResource implements (*kinesis.Client).TagResource against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) TagResource(ctx context.Context, params *kinesis.TagResourceInput, optFns ...func(*kinesis.Options)) (*kinesis.TagResourceOutput, error) {
	return call(ctx, f, OpTagResource, params, (*Fake).tagResource)
}

// UntagResource implements (*kinesis.Client).UntagResource against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) UntagResource(ctx context.Context, params *kinesis.UntagResourceInput, optFns ...func(*kinesis.Options)) (*kinesis.UntagResourceOutput, error) {
	return call(ctx, f, OpUntagResource, params, (*Fake).untagResource)
}

// UpdateAccountSettings implements (*kinesis.Client).UpdateAccountSettings against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) UpdateAccountSettings(ctx context.Context, params *kinesis.UpdateAccountSettingsInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateAccountSettingsOutput, error) {
	return call(ctx, f, OpUpdateAccountSettings, params, (*Fake).updateAccountSettings)
}

// UpdateChannel implements (*kinesis.Client).UpdateChannel against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) UpdateChannel(ctx context.Context, params *kinesis.UpdateChannelInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateChannelOutput, error) {
	return call(ctx, f, OpUpdateChannel, params, (*Fake).updateChannel)
}

// UpdateMaxRecordSize implements (*kinesis.Client).UpdateMaxRecordSize against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) UpdateMaxRecordSize(ctx context.Context, params *kinesis.UpdateMaxRecordSizeInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateMaxRecordSizeOutput, error) {
	return call(ctx, f, OpUpdateMaxRecordSize, params, (*Fake).updateMaxRecordSize)
}

// UpdateShardCount implements (*kinesis.Client).UpdateShardCount against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) UpdateShardCount(ctx context.Context, params *kinesis.UpdateShardCountInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateShardCountOutput, error) {
	return call(ctx, f, OpUpdateShardCount, params, (*Fake).updateShardCount)
}

// UpdateStreamMode implements (*kinesis.Client).UpdateStreamMode against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) UpdateStreamMode(ctx context.Context, params *kinesis.UpdateStreamModeInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateStreamModeOutput, error) {
	return call(ctx, f, OpUpdateStreamMode, params, (*Fake).updateStreamMode)
}

// UpdateStreamRecordDistributionStrategy implements (*kinesis.Client).UpdateStreamRecordDistributionStrategy against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) UpdateStreamRecordDistributionStrategy(ctx context.Context, params *kinesis.UpdateStreamRecordDistributionStrategyInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateStreamRecordDistributionStrategyOutput, error) {
	return call(ctx, f, OpUpdateStreamRecordDistributionStrategy, params, (*Fake).updateStreamRecordDistributionStrategy)
}

// UpdateStreamWarmThroughput implements (*kinesis.Client).UpdateStreamWarmThroughput against the fake. optFns are
// accepted for signature compatibility and ignored.
func (f *Fake) UpdateStreamWarmThroughput(ctx context.Context, params *kinesis.UpdateStreamWarmThroughputInput, optFns ...func(*kinesis.Options)) (*kinesis.UpdateStreamWarmThroughputOutput, error) {
	return call(ctx, f, OpUpdateStreamWarmThroughput, params, (*Fake).updateStreamWarmThroughput)
}
