package kinesisfake

import "github.com/aws/aws-sdk-go-v2/service/kinesis"

// Not implemented yet: each fails with an error naming the operation, never a
// panic or a silent success.

func (f *Fake) createChannel(*kinesis.CreateChannelInput) (*kinesis.CreateChannelOutput, error) {
	return nil, &errNotSupported{op: "CreateChannel"}
}

func (f *Fake) describeChannel(*kinesis.DescribeChannelInput) (*kinesis.DescribeChannelOutput, error) {
	return nil, &errNotSupported{op: "DescribeChannel"}
}

func (f *Fake) listChannels(*kinesis.ListChannelsInput) (*kinesis.ListChannelsOutput, error) {
	return nil, &errNotSupported{op: "ListChannels"}
}

func (f *Fake) updateChannel(*kinesis.UpdateChannelInput) (*kinesis.UpdateChannelOutput, error) {
	return nil, &errNotSupported{op: "UpdateChannel"}
}

func (f *Fake) deleteChannel(*kinesis.DeleteChannelInput) (*kinesis.DeleteChannelOutput, error) {
	return nil, &errNotSupported{op: "DeleteChannel"}
}
