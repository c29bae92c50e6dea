package kinesisfake

import "github.com/aws/aws-sdk-go-v2/service/kinesis"

// Not implemented yet: each fails with an error naming the operation, never a
// panic or a silent success.

func (f *Fake) splitShard(*kinesis.SplitShardInput) (*kinesis.SplitShardOutput, error) {
	return nil, &errNotSupported{op: "SplitShard"}
}

func (f *Fake) mergeShards(*kinesis.MergeShardsInput) (*kinesis.MergeShardsOutput, error) {
	return nil, &errNotSupported{op: "MergeShards"}
}

func (f *Fake) updateShardCount(*kinesis.UpdateShardCountInput) (*kinesis.UpdateShardCountOutput, error) {
	return nil, &errNotSupported{op: "UpdateShardCount"}
}
