package kinesisfake

import "github.com/aws/aws-sdk-go-v2/service/kinesis"

// PLACEHOLDERS: being implemented by another engineer; do not depend on these.

func (f *Fake) addTagsToStream(*kinesis.AddTagsToStreamInput) (*kinesis.AddTagsToStreamOutput, error) {
	return nil, &errNotSupported{op: "AddTagsToStream"}
}

func (f *Fake) decreaseStreamRetentionPeriod(*kinesis.DecreaseStreamRetentionPeriodInput) (*kinesis.DecreaseStreamRetentionPeriodOutput, error) {
	return nil, &errNotSupported{op: "DecreaseStreamRetentionPeriod"}
}

func (f *Fake) describeStream(*kinesis.DescribeStreamInput) (*kinesis.DescribeStreamOutput, error) {
	return nil, &errNotSupported{op: "DescribeStream"}
}

func (f *Fake) describeStreamSummary(*kinesis.DescribeStreamSummaryInput) (*kinesis.DescribeStreamSummaryOutput, error) {
	return nil, &errNotSupported{op: "DescribeStreamSummary"}
}

func (f *Fake) increaseStreamRetentionPeriod(*kinesis.IncreaseStreamRetentionPeriodInput) (*kinesis.IncreaseStreamRetentionPeriodOutput, error) {
	return nil, &errNotSupported{op: "IncreaseStreamRetentionPeriod"}
}

func (f *Fake) listShards(*kinesis.ListShardsInput) (*kinesis.ListShardsOutput, error) {
	return nil, &errNotSupported{op: "ListShards"}
}

func (f *Fake) listStreams(*kinesis.ListStreamsInput) (*kinesis.ListStreamsOutput, error) {
	return nil, &errNotSupported{op: "ListStreams"}
}

func (f *Fake) listTagsForResource(*kinesis.ListTagsForResourceInput) (*kinesis.ListTagsForResourceOutput, error) {
	return nil, &errNotSupported{op: "ListTagsForResource"}
}

func (f *Fake) listTagsForStream(*kinesis.ListTagsForStreamInput) (*kinesis.ListTagsForStreamOutput, error) {
	return nil, &errNotSupported{op: "ListTagsForStream"}
}

func (f *Fake) removeTagsFromStream(*kinesis.RemoveTagsFromStreamInput) (*kinesis.RemoveTagsFromStreamOutput, error) {
	return nil, &errNotSupported{op: "RemoveTagsFromStream"}
}

func (f *Fake) tagResource(*kinesis.TagResourceInput) (*kinesis.TagResourceOutput, error) {
	return nil, &errNotSupported{op: "TagResource"}
}

func (f *Fake) untagResource(*kinesis.UntagResourceInput) (*kinesis.UntagResourceOutput, error) {
	return nil, &errNotSupported{op: "UntagResource"}
}
