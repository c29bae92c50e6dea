package kinesisfake

import "github.com/aws/aws-sdk-go-v2/service/kinesis"

// Not implemented yet: each fails with an error naming the operation, never a
// panic or a silent success.

func (f *Fake) registerStreamConsumer(*kinesis.RegisterStreamConsumerInput) (*kinesis.RegisterStreamConsumerOutput, error) {
	return nil, &errNotSupported{op: "RegisterStreamConsumer"}
}

func (f *Fake) describeStreamConsumer(*kinesis.DescribeStreamConsumerInput) (*kinesis.DescribeStreamConsumerOutput, error) {
	return nil, &errNotSupported{op: "DescribeStreamConsumer"}
}

func (f *Fake) listStreamConsumers(*kinesis.ListStreamConsumersInput) (*kinesis.ListStreamConsumersOutput, error) {
	return nil, &errNotSupported{op: "ListStreamConsumers"}
}

func (f *Fake) deregisterStreamConsumer(*kinesis.DeregisterStreamConsumerInput) (*kinesis.DeregisterStreamConsumerOutput, error) {
	return nil, &errNotSupported{op: "DeregisterStreamConsumer"}
}

func (f *Fake) subscribeToShard(*kinesis.SubscribeToShardInput) (*kinesis.SubscribeToShardOutput, error) {
	return nil, &errNotSupported{op: "SubscribeToShard"}
}
