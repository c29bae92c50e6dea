package kinesisfake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// subscribeToShard is not implemented yet: delivering events needs the
// event-stream transport. It fails with an error naming the operation, never
// a panic or a silent success. The engine side is ready: startSubscription
// checks a request and finds where it starts.
func (f *Fake) subscribeToShard(*kinesis.SubscribeToShardInput) (*kinesis.SubscribeToShardOutput, error) {
	return nil, &errNotSupported{op: "SubscribeToShard"}
}

// subscriptionStart is where a SubscribeToShard call starts reading: the
// consumer, stream and shard it names, and the offset in the shard of the
// first record to deliver (as a shard iterator's offset).
type subscriptionStart struct {
	stream   *stream
	shard    *shard
	consumer *consumer
	offset   uint64
}

// startSubscription checks a SubscribeToShard request with AWS's errors, in
// the order AWS applies them (consumer, then its status, then shard, then
// starting position), and returns where the subscription starts. The
// starting position follows GetShardIterator's rules and texts exactly:
// AWS shares them between the two operations. The caller holds f.mu (for
// reading is enough); the shard's records are read under its own lock.
func (f *Fake) startSubscription(consumerARN, shardID string, pos *types.StartingPosition, now time.Time) (subscriptionStart, error) {
	s, c, err := f.activeConsumer(consumerARN, now)
	if err != nil {
		return subscriptionStart{}, err
	}
	sh, err := f.shardByID(s, shardID, now)
	if err != nil {
		return subscriptionStart{}, err
	}
	if pos == nil {
		// The SDK refuses this before sending; only a hand-made call gets here.
		return subscriptionStart{}, invalidArgument("StartingPosition must be provided.")
	}
	if !knownIteratorType(pos.Type) {
		// Likewise normally caught by the model's enum check first.
		return subscriptionStart{}, validationErrorf("1 validation error detected: Value '%s' at 'startingPosition.type' failed to satisfy constraint: Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]", pos.Type)
	}
	start, err := f.checkIteratorRequest(&kinesis.GetShardIteratorInput{
		ShardId:                &shardID,
		ShardIteratorType:      pos.Type,
		StartingSequenceNumber: pos.SequenceNumber,
		Timestamp:              pos.Timestamp,
	}, s, sh, now)
	if err != nil {
		return subscriptionStart{}, err
	}

	// The same positions getShardIterator computes for each type.
	sh.mu.Lock()
	sh.buf.trimBefore(s.retentionCutoffMs(now))
	offset := sh.buf.startOffset(pos.Type, start, pos.Timestamp)
	sh.mu.Unlock()
	return subscriptionStart{stream: s, shard: sh, consumer: c, offset: offset}, nil
}

// knownIteratorType reports whether t is one of the five iterator types.
func knownIteratorType(t types.ShardIteratorType) bool {
	switch t {
	case types.ShardIteratorTypeAtSequenceNumber, types.ShardIteratorTypeAfterSequenceNumber,
		types.ShardIteratorTypeTrimHorizon, types.ShardIteratorTypeLatest, types.ShardIteratorTypeAtTimestamp:
		return true
	}
	return false
}
