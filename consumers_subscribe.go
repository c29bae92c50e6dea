package kinesisfake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// subscribeToShard implements SubscribeToShard: it checks the request as
// AWS does and opens a subscription whose events the caller then pulls
// (subscription.next). The checks run in this order: the call rate per
// consumer and shard, the consumer, the shard and the starting position
// (startSubscription), DryRun, the stream's KMS key, and last the
// one-subscription rule, so that a failing call takes nothing over.
func (f *Fake) subscribeToShard(in *kinesis.SubscribeToShardInput) (*subscription, error) {
	fault := f.eventFaultFor(in) // the test's predicates run outside the locks
	now := f.now()
	key := subscriptionKey{consumerARN: *in.ConsumerARN, shardID: normalizeShardID(*in.ShardId)}
	if !f.subs.allowCall(key, msOf(now), f.limits.SubscribeToShardPerSecond) {
		return nil, f.subscribeRateError(*in.ConsumerARN, key.shardID)
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	start, err := f.startSubscription(*in.ConsumerARN, *in.ShardId, in.StartingPosition, now)
	if err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	if err := f.checkKMS(start.stream, false); err != nil {
		return nil, err
	}
	return f.subs.open(f, start, fault, now)
}

// subscriptionInUse is the ResourceInUseException of a second subscription
// for a consumer and shard: what a call within 5 seconds of the first gets,
// and what the first ends with when a later call takes over.
func (f *Fake) subscriptionInUse(stream, shardID, consumer string) error {
	return resourceInUse("Another active subscription exists for this consumer: %s:%s:%s:%s", f.account, stream, shardID, consumer)
}

// subscribeRateError is the LimitExceededException of a SubscribeToShard
// call over the rate of one per second per consumer and shard.
func (f *Fake) subscribeRateError(consumerARN, shardID string) error {
	return limitExceeded("Rate exceeded for consumer %s and shard %s under account %s.", consumerARN, shardID, f.account)
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
