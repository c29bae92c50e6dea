package kinesisfake

import (
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// createStream implements CreateStream. The new stream is ACTIVE at once.
func (f *Fake) createStream(in *kinesis.CreateStreamInput) (*kinesis.CreateStreamOutput, error) {
	// Without a mode, a stream is PROVISIONED with a shard count and
	// ON_DEMAND without one: AWS made four shards for a request with only a
	// name (LocalStack's AWS-recorded test_create_stream_without_shard_count),
	// and its API reference requires a shard count in provisioned mode.
	mode := types.StreamModeProvisioned
	switch {
	case in.StreamModeDetails != nil && in.StreamModeDetails.StreamMode != "":
		mode = in.StreamModeDetails.StreamMode
	case in.ShardCount == nil:
		mode = types.StreamModeOnDemand
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
	now := f.now()
	name := *in.StreamName
	if f.liveStream(name, now) != nil {
		return nil, resourceInUse("Stream %s under account %s already exists.", name, f.account)
	}
	// Tags are checked as AddTagsToStream checks them, with its texts,
	// before any limit is counted.
	var tags map[string]string
	if len(in.Tags) > 0 {
		if err := f.addTags(tagTarget{tags: &tags, kind: "stream", name: name}, in.Tags); err != nil {
			return nil, err
		}
	}
	// Without the member the stream uses USER_PARTITION_KEY.
	if err := f.checkDistribution(in.RecordDistributionStrategy, name, mode); err != nil {
		return nil, err
	}
	// Warm throughput is for on-demand streams in accounts with
	// MinimumThroughputBillingCommitment enabled ("Provisioned capacity
	// mode streams do not support warm throughput configuration"), by the
	// rule UpdateStreamMode and UpdateStreamWarmThroughput use.
	if in.WarmThroughputMiBps != nil {
		notOnDemand := invalidArgument("WarmThroughputMiBps can only be specified for streams in ON_DEMAND mode.")
		if err := f.checkWarmThroughput(*in.WarmThroughputMiBps, mode, notOnDemand, now); err != nil {
			return nil, err
		}
	}
	if err := f.checkCreateLimits(shardCount, now); err != nil {
		return nil, err
	}
	if mode == types.StreamModeOnDemand {
		if err := f.checkOnDemandQuota(now); err != nil {
			return nil, err
		}
	}
	f.streamSerial++
	s := &stream{
		name:           name,
		arn:            f.streamARN(name),
		tag:            streamTag{createdMs: msOf(now), serial: f.streamSerial},
		createdMs:      msOf(now),
		retentionHours: defaultRetentionHours,
		mode:           mode,
		maxRecordKiB:   maxKiB,
		encryption:     types.EncryptionTypeNone,
		tags:           tags,
		distribution:   in.RecordDistributionStrategy,
	}
	if in.WarmThroughputMiBps != nil {
		s.warmMiBps = *in.WarmThroughputMiBps
	}
	s.seqClock = &f.seqClock
	created := f.seqClock.next(msOf(now))
	for i, keys := range evenHashRanges(shardCount) {
		sh := newShard(i, keys, msOf(now), f.retained.held)
		sh.seqCreated = created
		s.shards = append(s.shards, sh)
	}
	s.transition(now, types.StreamStatusCreating, types.StreamStatusActive, f.delays.Create)
	f.streams[name] = s
	return &kinesis.CreateStreamOutput{}, nil
}

// newShard returns an open, empty shard numbered index that owns keys from
// createdMs on; held is the Fake's count of retained bytes, or nil. Its
// sequence numbers carry createdMs's second until the caller sets
// seqCreated from the Fake's seqClock.
func newShard(index int, keys hashRange, createdMs int64, held *atomic.Int64) *shard {
	return &shard{index: index, id: shardID(index), keys: keys, createdMs: createdMs, seqCreated: seqSeconds(createdMs), buf: newRing(held)}
}

// deleteStream implements DeleteStream. The stream is DELETING for
// StateDelays.Delete (by default not at all), then gone; its iterators then
// fail with ResourceNotFoundException. Consumers block the deletion unless
// EnforceConsumerDeletion, channels always.
func (f *Fake) deleteStream(in *kinesis.DeleteStreamInput) (*kinesis.DeleteStreamOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, err := f.lookupStream(streamRef{name: in.StreamName, arn: in.StreamARN})
	if err != nil {
		return nil, err
	}
	now := f.now()
	status := s.statusAt(now)
	if status == types.StreamStatusDeleting {
		// Deleting it again changes nothing: AWS answers as it did the
		// first time (kinesalite's suite, run against production, deletes
		// streams that are still DELETING in its clean-up and passes).
		return &kinesis.DeleteStreamOutput{}, nil
	}
	if s.consumerCount(now) > 0 && (in.EnforceConsumerDeletion == nil || !*in.EnforceConsumerDeletion) {
		return nil, resourceInUse("DeleteStream can’t delete %s:%s because there are consumers associated with this data stream. To delete %s anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.",
			f.account, s.name, s.name)
	}
	if err := f.checkNoChannels(s, now); err != nil {
		return nil, err
	}
	s.deletedUnsettled = status == types.StreamStatusCreating || status == types.StreamStatusUpdating
	s.deregisterConsumers(now, f.delays.Delete) // consumers go with the stream (consumers.go)
	if s.transition(now, types.StreamStatusDeleting, statusGone, f.delays.Delete); s.statusAt(now) == statusGone {
		delete(f.streams, s.name)
		s.release()
	}
	s.wakeReaders() // their subscriptions end
	return &kinesis.DeleteStreamOutput{}, nil
}

// maxCreatingStreams is how many streams an account may have CREATING at
// once.
const maxCreatingStreams = 5

// checkCreateLimits applies CreateStream's account limits: at most five
// streams CREATING at once, and the account's shard quota. The caller holds
// f.mu for writing.
func (f *Fake) checkCreateLimits(newShards int, now time.Time) error {
	creating, open := 0, 0
	for name, s := range f.streams {
		switch s.statusAt(now) {
		case statusGone:
			delete(f.streams, name) // a finished deletion; forget it
			s.release()
			continue
		case types.StreamStatusCreating:
			creating++
		}
		open += s.openShardCount(now)
	}
	if creating >= maxCreatingStreams {
		return limitExceeded("This request would exceed the limit of %d streams in the CREATING state for account %s.", maxCreatingStreams, f.account)
	}
	return f.checkShardQuota(open, newShards)
}

// checkShardQuota fails a request that would take the account past its
// shard quota, with AWS's text.
func (f *Fake) checkShardQuota(current, additional int) error {
	if current+additional <= f.shardLimit {
		return nil
	}
	return limitExceeded("This request would exceed the shard limit for the account %s in %s. Current shard count for the account: %d. Limit: %d. Number of additional shards that would have resulted from this request: %d. Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.",
		f.account, f.region, current, f.shardLimit, additional)
}
