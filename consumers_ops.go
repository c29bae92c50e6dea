package kinesisfake

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// listConsumersMax is ListStreamConsumers' default MaxResults and the most
// consumers one page carries, whatever MaxResults asks for.
const listConsumersMax = 100

// pageTokenListConsumers marks a NextToken of ListStreamConsumers (see
// pageToken): it carries the stream's incarnation and the name of the last
// consumer listed.
const pageTokenListConsumers byte = 'C'

// registerStreamConsumer implements RegisterStreamConsumer. The consumer is
// CREATING for StateDelays.Consumer, then ACTIVE (at once with no delay,
// though the answer says CREATING, as AWS's always does).
func (f *Fake) registerStreamConsumer(in *kinesis.RegisterStreamConsumerInput) (*kinesis.RegisterStreamConsumerOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, err := f.usableStream(streamRef{arn: in.StreamARN}, now)
	if err != nil {
		return nil, err
	}
	s.pruneConsumers(now)
	name := *in.ConsumerName
	if s.consumers[name] != nil {
		return nil, resourceInUse("Consumer %s under stream %s under account %s already exists.", name, s.name, f.account)
	}
	if limit := f.consumerLimit(s, now); len(s.consumers) >= limit {
		return nil, limitExceeded("This request would exceed the limit of %d consumers registered with stream %s under account %s.",
			limit, s.name, f.account)
	}
	creating := 0
	for _, c := range s.consumers {
		if c.statusAt(now) == types.ConsumerStatusCreating {
			creating++
		}
	}
	if creating >= maxCreatingConsumers {
		return nil, limitExceeded("This request would exceed the limit of %d consumers in the CREATING state for stream %s under account %s.",
			maxCreatingConsumers, s.name, f.account)
	}

	sec := now.Unix()
	c := &consumer{name: name, arn: consumerARN(s.arn, name, sec), createdSec: sec}
	// Tags at registration follow TagResource's rules and texts (tags.go).
	if err := f.addTags(tagTarget{tags: &c.tags, kind: "consumer", name: name}, in.Tags); err != nil {
		return nil, err
	}
	c.life.move(now, types.ConsumerStatusCreating, types.ConsumerStatusActive, f.delays.Consumer)
	if s.consumers == nil {
		s.consumers = make(map[string]*consumer)
	}
	s.consumers[name] = c
	out := c.summary(now)
	out.ConsumerStatus = types.ConsumerStatusCreating // AWS's answer, even when it settles at once
	return &kinesis.RegisterStreamConsumerOutput{Consumer: &out}, nil
}

// describeStreamConsumer implements DescribeStreamConsumer, by ConsumerARN
// or by StreamARN and ConsumerName.
func (f *Fake) describeStreamConsumer(in *kinesis.DescribeStreamConsumerInput) (*kinesis.DescribeStreamConsumerOutput, error) {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	s, c, err := f.lookupConsumer(consumerRef{arn: in.ConsumerARN, streamARN: in.StreamARN, name: in.ConsumerName}, now)
	if err != nil {
		return nil, err
	}
	return &kinesis.DescribeStreamConsumerOutput{ConsumerDescription: ptr(c.description(s, now))}, nil
}

// listStreamConsumers implements ListStreamConsumers: one page of the
// stream's consumers (DELETING ones included until they are gone) in
// byte order of name.
//
// The NextToken resumes after the last consumer listed and is valid for 300
// seconds. StreamARN is required with it too, and must name the stream the
// token came from; StreamCreationTimestamp must not come with it, as AWS
// documents.
func (f *Fake) listStreamConsumers(in *kinesis.ListStreamConsumersInput) (*kinesis.ListStreamConsumersOutput, error) {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	s, err := f.lookupStream(streamRef{arn: in.StreamARN})
	if err != nil {
		return nil, err
	}
	after := "" // list names after this one; every name is longer
	switch {
	case in.NextToken != nil:
		if in.StreamCreationTimestamp != nil {
			return nil, invalidArgument("NextToken and StreamCreationTimestamp cannot be provided together.")
		}
		tok, err := f.openPageToken(*in.NextToken, pageTokenListConsumers, now)
		if err != nil {
			return nil, err
		}
		if tok.stream != s.tag {
			return nil, invalidArgument("Invalid NextToken.")
		}
		after = tok.name
	case in.StreamCreationTimestamp != nil && !createdIn(*in.StreamCreationTimestamp, s.createdMs):
		// It names an earlier or later stream of the same name: not this one.
		return nil, f.streamNotFound(s.name)
	}
	limit := listConsumersMax
	if in.MaxResults != nil {
		limit = min(int(*in.MaxResults), listConsumersMax)
	}

	names := make([]string, 0, len(s.consumers))
	for name := range s.consumers {
		if name > after && s.liveConsumer(name, now) != nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	out := &kinesis.ListStreamConsumersOutput{Consumers: []types.Consumer{}}
	if len(names) > limit {
		names = names[:limit]
		out.NextToken = ptr(f.encodePageToken(pageToken{
			kind:     pageTokenListConsumers,
			issuedMs: msOf(now),
			stream:   s.tag,
			name:     names[len(names)-1],
		}))
	}
	for _, name := range names {
		out.Consumers = append(out.Consumers, s.consumers[name].summary(now))
	}
	return out, nil
}

// deregisterStreamConsumer implements DeregisterStreamConsumer, by
// ConsumerARN or by StreamARN and ConsumerName. The consumer is DELETING
// for StateDelays.Delete, then gone (at once with no delay). A consumer
// already DELETING is reported as not found, as DeleteStream treats a
// stream already DELETING.
func (f *Fake) deregisterStreamConsumer(in *kinesis.DeregisterStreamConsumerInput) (*kinesis.DeregisterStreamConsumerOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, c, err := f.lookupConsumer(consumerRef{arn: in.ConsumerARN, streamARN: in.StreamARN, name: in.ConsumerName}, now)
	if err != nil {
		return nil, err
	}
	if c.statusAt(now) == types.ConsumerStatusDeleting {
		return nil, f.consumerNotFound(c.name, s.name)
	}
	if c.life.move(now, types.ConsumerStatusDeleting, "", f.delays.Delete); c.statusAt(now) == "" {
		delete(s.consumers, c.name)
	}
	s.wakeReaders() // its subscriptions end
	return &kinesis.DeregisterStreamConsumerOutput{}, nil
}
