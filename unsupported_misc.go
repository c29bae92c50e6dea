package kinesisfake

import "github.com/aws/aws-sdk-go-v2/service/kinesis"

// Not implemented yet: each fails with an error naming the operation, never a
// panic or a silent success.

func (f *Fake) deleteResourcePolicy(*kinesis.DeleteResourcePolicyInput) (*kinesis.DeleteResourcePolicyOutput, error) {
	return nil, &errNotSupported{op: "DeleteResourcePolicy"}
}

func (f *Fake) describeAccountSettings(*kinesis.DescribeAccountSettingsInput) (*kinesis.DescribeAccountSettingsOutput, error) {
	return nil, &errNotSupported{op: "DescribeAccountSettings"}
}

func (f *Fake) describeLimits(*kinesis.DescribeLimitsInput) (*kinesis.DescribeLimitsOutput, error) {
	return nil, &errNotSupported{op: "DescribeLimits"}
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

func (f *Fake) putResourcePolicy(*kinesis.PutResourcePolicyInput) (*kinesis.PutResourcePolicyOutput, error) {
	return nil, &errNotSupported{op: "PutResourcePolicy"}
}

func (f *Fake) startStreamEncryption(*kinesis.StartStreamEncryptionInput) (*kinesis.StartStreamEncryptionOutput, error) {
	return nil, &errNotSupported{op: "StartStreamEncryption"}
}

func (f *Fake) stopStreamEncryption(*kinesis.StopStreamEncryptionInput) (*kinesis.StopStreamEncryptionOutput, error) {
	return nil, &errNotSupported{op: "StopStreamEncryption"}
}

func (f *Fake) updateAccountSettings(*kinesis.UpdateAccountSettingsInput) (*kinesis.UpdateAccountSettingsOutput, error) {
	return nil, &errNotSupported{op: "UpdateAccountSettings"}
}

func (f *Fake) updateMaxRecordSize(*kinesis.UpdateMaxRecordSizeInput) (*kinesis.UpdateMaxRecordSizeOutput, error) {
	return nil, &errNotSupported{op: "UpdateMaxRecordSize"}
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
