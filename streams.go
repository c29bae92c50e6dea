package kinesisfake

import (
	"maps"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// createStream implements CreateStream. The new stream is ACTIVE at once.
func (f *Fake) createStream(in *kinesis.CreateStreamInput) (*kinesis.CreateStreamOutput, error) {
	mode := types.StreamModeProvisioned
	if in.StreamModeDetails != nil && in.StreamModeDetails.StreamMode != "" {
		mode = in.StreamModeDetails.StreamMode
	}
	var shardCount int
	switch {
	case in.ShardCount != nil:
		shardCount = int(*in.ShardCount)
	case mode == types.StreamModeOnDemand:
		shardCount = onDemandShardCount
	default:
		return nil, invalidArgument("ShardCount is required for streams in PROVISIONED mode.")
	}
	maxKiB := int32(defaultMaxRecordKiB)
	if in.MaxRecordSizeInKiB != nil {
		maxKiB = *in.MaxRecordSizeInKiB
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	name := *in.StreamName
	if _, exists := f.streams[name]; exists {
		return nil, resourceInUse("Stream %s under account %s already exists.", name, f.account)
	}
	now := f.now()
	f.streamSerial++
	s := &stream{
		name:           name,
		arn:            f.streamARN(name),
		tag:            streamTag{createdMs: msOf(now), serial: f.streamSerial},
		createdMs:      msOf(now),
		status:         types.StreamStatusActive,
		retentionHours: defaultRetentionHours,
		mode:           mode,
		maxRecordKiB:   maxKiB,
		encryption:     types.EncryptionTypeNone,
		tags:           maps.Clone(in.Tags),
	}
	for i, keys := range evenHashRanges(shardCount) {
		s.shards = append(s.shards, newShard(i, keys, msOf(now)))
	}
	f.streams[name] = s
	return &kinesis.CreateStreamOutput{}, nil
}

func newShard(index int, keys hashRange, createdMs int64) *shard {
	return &shard{index: index, id: shardID(index), keys: keys, createdMs: createdMs, buf: newRing()}
}

// deleteStream implements DeleteStream. The stream is gone at once; its
// iterators then fail with ResourceNotFoundException.
func (f *Fake) deleteStream(in *kinesis.DeleteStreamInput) (*kinesis.DeleteStreamOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, err := f.lookupStream(streamRef{name: in.StreamName, arn: in.StreamARN})
	if err != nil {
		return nil, err
	}
	delete(f.streams, s.name)
	return &kinesis.DeleteStreamOutput{}, nil
}
