package kinesisfake

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Enhanced fan-out limits, from RegisterStreamConsumer's documentation.
const (
	// maxConsumersPerStream: "you can register up to 20 consumers per
	// stream" (On-demand Standard and Provisioned streams).
	maxConsumersPerStream = 20
	// maxConsumersPerAdvantageStream: "With On-demand Advantage streams,
	// you can register up to 50 consumers per stream": an on-demand stream
	// of an account whose minimum throughput billing commitment is in force
	// (UpdateAccountSettings; also one scheduled to end, as for warm
	// throughput). AWS names regions where this holds; the
	// fake holds it in every region.
	maxConsumersPerAdvantageStream = 50
	// maxCreatingConsumers: "you cannot have more than 5 consumers in a
	// CREATING status at the same time". AWS does not say whether per stream
	// or per account; kinesisfake counts per stream.
	maxCreatingConsumers = 5
)

// consumerLimit is how many consumers stream s takes at now: more on an
// On-demand Advantage stream. The caller holds f.mu.
func (f *Fake) consumerLimit(s *stream, now time.Time) int {
	if s.mode == types.StreamModeOnDemand && f.accountSettings.commitmentEnabledAt(now) {
		return maxConsumersPerAdvantageStream
	}
	return maxConsumersPerStream
}

// consumer is an enhanced fan-out consumer registered on a stream. It
// belongs to one incarnation of its stream (it lives in that stream's
// consumers map), so a stream deleted and created again under the same name
// starts with none. Guarded by Fake.mu.
type consumer struct {
	name string
	arn  string
	// createdSec is the registration time in whole Unix seconds: the
	// precision the ARN, ConsumerCreationTimestamp and AWS's error texts
	// carry.
	createdSec int64
	life       timeline[types.ConsumerStatus] // CREATING → ACTIVE, DELETING → gone
	tags       map[string]string              // Tags given at registration
}

// statusAt is the consumer's status at now; "" once its deregistration has
// completed.
func (c *consumer) statusAt(now time.Time) types.ConsumerStatus { return c.life.at(now) }

// consumerARN is the ARN AWS gives a consumer:
// arn:aws:kinesis:R:A:stream/S/consumer/NAME:CREATION_EPOCH_SECONDS. The
// timestamp makes a consumer registered again under the same name a
// different resource.
func consumerARN(streamARN, name string, createdSec int64) string {
	return fmt.Sprintf("%s/consumer/%s:%d", streamARN, name, arnSeconds(createdSec))
}

// arnSeconds is a consumer's creation time as its ARN carries it: the
// model's pattern takes only digits there, so before 1970 it is 0.
func arnSeconds(createdSec int64) int64 { return max(createdSec, 0) }

// parseConsumerARN takes a consumer ARN apart into its stream's ARN, the
// consumer's name and its creation time in seconds.
func parseConsumerARN(arn string) (streamARN, name string, createdSec int64, ok bool) {
	streamARN, rest, found := strings.Cut(arn, "/consumer/")
	if !found {
		return "", "", 0, false
	}
	if _, _, _, ok := parseStreamARN(streamARN); !ok {
		return "", "", 0, false
	}
	i := strings.LastIndexByte(rest, ':')
	if i <= 0 {
		return "", "", 0, false
	}
	sec, err := strconv.ParseInt(rest[i+1:], 10, 64)
	if err != nil || sec < 0 {
		return "", "", 0, false
	}
	return streamARN, rest[:i], sec, true
}

// consumerRef is how a request names a consumer: by ConsumerARN, by
// StreamARN and ConsumerName, or by all three.
type consumerRef struct {
	arn       *string
	streamARN *string
	name      *string
}

// lookupConsumer finds the consumer a request names and its stream. The
// three ways of naming it must agree; AWS's texts for a missing or
// conflicting reference are not documented, so kinesisfake's say plainly
// what is wrong. A consumer whose ARN carries another creation time (one
// deregistered and registered again, or one of an earlier incarnation of
// the stream) is not found. The caller holds f.mu.
func (f *Fake) lookupConsumer(ref consumerRef, now time.Time) (*stream, *consumer, error) {
	var (
		streamARN, name string
		wantSec         = int64(-1) // any creation time
	)
	switch {
	case ref.arn != nil:
		var ok bool
		streamARN, name, wantSec, ok = parseConsumerARN(*ref.arn)
		if !ok {
			return nil, nil, invalidArgument("ConsumerARN %s is not a valid Kinesis consumer ARN.", *ref.arn)
		}
		if ref.streamARN != nil && *ref.streamARN != streamARN {
			return nil, nil, invalidArgument("ConsumerARN %s does not belong to the stream StreamARN %s names.", *ref.arn, *ref.streamARN)
		}
		if ref.name != nil && *ref.name != name {
			return nil, nil, invalidArgument("ConsumerARN %s does not name the consumer ConsumerName %s names.", *ref.arn, *ref.name)
		}
	case ref.streamARN != nil && ref.name != nil:
		streamARN, name = *ref.streamARN, *ref.name
	default:
		return nil, nil, invalidArgument("Either ConsumerARN or both StreamARN and ConsumerName must be provided.")
	}
	s, err := f.lookupStream(streamRef{arn: &streamARN})
	if err != nil {
		return nil, nil, err
	}
	c := s.liveConsumer(name, now)
	if c == nil || (wantSec >= 0 && arnSeconds(c.createdSec) != wantSec) {
		return nil, nil, f.consumerNotFound(name, s.name)
	}
	return s, c, nil
}

// activeConsumer finds the consumer a ConsumerARN names and checks that it
// can read: a consumer CREATING or DELETING gets AWS's
// ResourceInUseException. SubscribeToShard starts with it. The caller holds
// f.mu.
func (f *Fake) activeConsumer(arn string, now time.Time) (*stream, *consumer, error) {
	s, c, err := f.lookupConsumer(consumerRef{arn: &arn}, now)
	if err != nil {
		return nil, nil, err
	}
	if c.statusAt(now) != types.ConsumerStatusActive {
		return nil, nil, resourceInUse("Consumer %s with creation timestamp %d under stream: %s , account %s. is not in ACTIVE status.",
			c.name, c.createdSec, s.name, f.account)
	}
	return s, c, nil
}

// consumerNotFound is the ResourceNotFoundException for a consumer that
// does not exist (or no longer does). AWS's text is not documented; this
// one follows its stream texts.
func (f *Fake) consumerNotFound(name, streamName string) error {
	return resourceNotFound("Consumer %s under stream %s under account %s not found.", name, streamName, f.account)
}

// liveConsumer returns the stream's consumer of that name unless there is
// none or its deregistration has completed at now. The caller holds f.mu.
func (s *stream) liveConsumer(name string, now time.Time) *consumer {
	c := s.consumers[name]
	if c == nil || c.statusAt(now) == "" {
		return nil
	}
	return c
}

// consumerCount is how many consumers are registered with the stream at
// now, counting those still CREATING or DELETING: the stream's
// ConsumerCount, and what stops DeleteStream without
// EnforceConsumerDeletion. The caller holds f.mu.
func (s *stream) consumerCount(now time.Time) int {
	n := 0
	for _, c := range s.consumers {
		if c.statusAt(now) != "" {
			n++
		}
	}
	return n
}

// pruneConsumers forgets consumers whose deregistration has completed, so
// that their names can be registered again. The caller holds f.mu for
// writing.
func (s *stream) pruneConsumers(now time.Time) {
	for name, c := range s.consumers {
		if c.statusAt(now) == "" {
			delete(s.consumers, name)
		}
	}
}

// deregisterConsumers starts the deregistration of every consumer of the
// stream, as DeleteStream with EnforceConsumerDeletion does: each shows
// DELETING for delay, then is gone. The caller holds f.mu for writing.
func (s *stream) deregisterConsumers(now time.Time, delay time.Duration) {
	for name, c := range s.consumers {
		if st := c.statusAt(now); st != "" && st != types.ConsumerStatusDeleting {
			c.life.move(now, types.ConsumerStatusDeleting, "", delay)
		}
		if c.statusAt(now) == "" {
			delete(s.consumers, name)
		}
	}
}

// summary is the consumer as RegisterStreamConsumer and ListStreamConsumers
// show it at now.
func (c *consumer) summary(now time.Time) types.Consumer {
	return types.Consumer{
		ConsumerName:              ptr(c.name),
		ConsumerARN:               ptr(c.arn),
		ConsumerStatus:            c.statusAt(now),
		ConsumerCreationTimestamp: ptr(time.Unix(c.createdSec, 0).UTC()),
	}
}

// description is the consumer as DescribeStreamConsumer shows it at now.
func (c *consumer) description(s *stream, now time.Time) types.ConsumerDescription {
	return types.ConsumerDescription{
		ConsumerName:              ptr(c.name),
		ConsumerARN:               ptr(c.arn),
		ConsumerStatus:            c.statusAt(now),
		ConsumerCreationTimestamp: ptr(time.Unix(c.createdSec, 0).UTC()),
		StreamARN:                 ptr(s.arn),
	}
}
