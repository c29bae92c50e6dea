package kinesisfake

import "github.com/aws/aws-sdk-go-v2/service/kinesis"

// The operations below exist so that *Fake has every method of
// *kinesis.Client, but kinesisfake does not implement them yet: each fails
// with an error naming the operation, never a panic or a silent success.

func (f *Fake) createChannel(*kinesis.CreateChannelInput) (*kinesis.CreateChannelOutput, error) {
	return nil, &errNotSupported{op: "CreateChannel"}
}

func (f *Fake) deleteChannel(*kinesis.DeleteChannelInput) (*kinesis.DeleteChannelOutput, error) {
	return nil, &errNotSupported{op: "DeleteChannel"}
}

func (f *Fake) deleteResourcePolicy(*kinesis.DeleteResourcePolicyInput) (*kinesis.DeleteResourcePolicyOutput, error) {
	return nil, &errNotSupported{op: "DeleteResourcePolicy"}
}

func (f *Fake) deregisterStreamConsumer(*kinesis.DeregisterStreamConsumerInput) (*kinesis.DeregisterStreamConsumerOutput, error) {
	return nil, &errNotSupported{op: "DeregisterStreamConsumer"}
}

func (f *Fake) describeAccountSettings(*kinesis.DescribeAccountSettingsInput) (*kinesis.DescribeAccountSettingsOutput, error) {
	return nil, &errNotSupported{op: "DescribeAccountSettings"}
}

func (f *Fake) describeChannel(*kinesis.DescribeChannelInput) (*kinesis.DescribeChannelOutput, error) {
	return nil, &errNotSupported{op: "DescribeChannel"}
}

func (f *Fake) describeLimits(*kinesis.DescribeLimitsInput) (*kinesis.DescribeLimitsOutput, error) {
	return nil, &errNotSupported{op: "DescribeLimits"}
}

func (f *Fake) describeStreamConsumer(*kinesis.DescribeStreamConsumerInput) (*kinesis.DescribeStreamConsumerOutput, error) {
	return nil, &errNotSupported{op: "DescribeStreamConsumer"}
}

func (f *Fake) disableEnhancedMonitoring(*kinesis.DisableEnhancedMonitoringInput) (*kinesis.DisableEnhancedMonitoringOutput, error) {
	return nil, &errNotSupported{op: "DisableEnhancedMonitoring"}
}

func (f *Fake) enableEnhancedMonitoring(*kinesis.EnableEnhancedMonitoringInput) (*kinesis.EnableEnhancedMonitoringOutput, error) {
	return nil, &errNotSupported{op: "EnableEnhancedMonitoring"}
}

func (f *Fake) getResourcePolicy(*kinesis.GetResourcePolicyInput) (*kinesis.GetResourcePolicyOutput, error) {
	return nil, &errNotSupported{op: "GetResourcePolicy"}
}

func (f *Fake) listChannels(*kinesis.ListChannelsInput) (*kinesis.ListChannelsOutput, error) {
	return nil, &errNotSupported{op: "ListChannels"}
}

func (f *Fake) listStreamConsumers(*kinesis.ListStreamConsumersInput) (*kinesis.ListStreamConsumersOutput, error) {
	return nil, &errNotSupported{op: "ListStreamConsumers"}
}

func (f *Fake) mergeShards(*kinesis.MergeShardsInput) (*kinesis.MergeShardsOutput, error) {
	return nil, &errNotSupported{op: "MergeShards"}
}

func (f *Fake) putResourcePolicy(*kinesis.PutResourcePolicyInput) (*kinesis.PutResourcePolicyOutput, error) {
	return nil, &errNotSupported{op: "PutResourcePolicy"}
}

func (f *Fake) registerStreamConsumer(*kinesis.RegisterStreamConsumerInput) (*kinesis.RegisterStreamConsumerOutput, error) {
	return nil, &errNotSupported{op: "RegisterStreamConsumer"}
}

func (f *Fake) splitShard(*kinesis.SplitShardInput) (*kinesis.SplitShardOutput, error) {
	return nil, &errNotSupported{op: "SplitShard"}
}

func (f *Fake) startStreamEncryption(*kinesis.StartStreamEncryptionInput) (*kinesis.StartStreamEncryptionOutput, error) {
	return nil, &errNotSupported{op: "StartStreamEncryption"}
}

func (f *Fake) stopStreamEncryption(*kinesis.StopStreamEncryptionInput) (*kinesis.StopStreamEncryptionOutput, error) {
	return nil, &errNotSupported{op: "StopStreamEncryption"}
}

func (f *Fake) subscribeToShard(*kinesis.SubscribeToShardInput) (*kinesis.SubscribeToShardOutput, error) {
	return nil, &errNotSupported{op: "SubscribeToShard"}
}

func (f *Fake) updateAccountSettings(*kinesis.UpdateAccountSettingsInput) (*kinesis.UpdateAccountSettingsOutput, error) {
	return nil, &errNotSupported{op: "UpdateAccountSettings"}
}

func (f *Fake) updateChannel(*kinesis.UpdateChannelInput) (*kinesis.UpdateChannelOutput, error) {
	return nil, &errNotSupported{op: "UpdateChannel"}
}

func (f *Fake) updateMaxRecordSize(*kinesis.UpdateMaxRecordSizeInput) (*kinesis.UpdateMaxRecordSizeOutput, error) {
	return nil, &errNotSupported{op: "UpdateMaxRecordSize"}
}

func (f *Fake) updateShardCount(*kinesis.UpdateShardCountInput) (*kinesis.UpdateShardCountOutput, error) {
	return nil, &errNotSupported{op: "UpdateShardCount"}
}

func (f *Fake) updateStreamMode(*kinesis.UpdateStreamModeInput) (*kinesis.UpdateStreamModeOutput, error) {
	return nil, &errNotSupported{op: "UpdateStreamMode"}
}

func (f *Fake) updateStreamRecordDistributionStrategy(*kinesis.UpdateStreamRecordDistributionStrategyInput) (*kinesis.UpdateStreamRecordDistributionStrategyOutput, error) {
	return nil, &errNotSupported{op: "UpdateStreamRecordDistributionStrategy"}
}

func (f *Fake) updateStreamWarmThroughput(*kinesis.UpdateStreamWarmThroughputInput) (*kinesis.UpdateStreamWarmThroughputOutput, error) {
	return nil, &errNotSupported{op: "UpdateStreamWarmThroughput"}
}
