package kinesisfake

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Channel defaults and limits. AWS documents the defaults in the SDK's
// field descriptions; it does not document the account's channel quota,
// which DescribeLimits reports as ChannelCountLimit.
const (
	channelCountLimit           = 50 // assumed, as the on-demand stream quota
	defaultDataFreshnessSeconds = 300
	defaultChannelLogStreamName = "DestinationDelivery"
	defaultChannelLogGroupFmt   = "/aws/kinesis/%s/%s" // channel name, channel id
	defaultChannelErrorPrefix   = "error/"             // "defaults to the destination bucket with an error prefix"
	awsManagedKinesisKeyAlias   = "alias/aws/kinesis"  // the service key a channel may not use
	channelARNResource          = "channel/"
	channelStatusGone           = types.ChannelStatus("")
)

// channel is a channel of the account: it delivers one stream's records to
// a general purpose S3 bucket or to an S3 Tables streaming table. kinesisfake
// keeps its configuration and lifecycle; it delivers nothing. Guarded by
// Fake.mu.
type channel struct {
	name      string
	arn       string
	id        string
	createdMs int64
	life      timeline[types.ChannelStatus] // CREATING → ACTIVE, UPDATING → ACTIVE, DELETING → gone

	roleARN string
	source  channelSource

	// Exactly one destination is set.
	s3       *types.S3DestinationDescription
	s3Tables *types.S3TablesDestinationDescription

	encryption *types.ChannelEncryptionConfiguration
	logging    types.CloudWatchLogs
	tags       map[string]string
}

// channelSource is the stream a channel reads: one incarnation of it, named
// by ARN and creation time as the channel's descriptions show it.
type channelSource struct {
	streamARN       string
	streamCreatedMs int64
	record          types.RecordConfiguration
}

// statusAt is the channel's status at now; "" once its deletion has
// completed.
func (c *channel) statusAt(now time.Time) types.ChannelStatus { return c.life.at(now) }

// destinationType is the kind of destination the channel delivers to.
func (c *channel) destinationType() types.ChannelDestinationType {
	if c.s3Tables != nil {
		return types.ChannelDestinationTypeS3Tables
	}
	return types.ChannelDestinationTypeS3
}

// channelARN is the ARN kinesisfake gives a channel, in the shape of a
// stream's: arn:aws:kinesis:R:A:channel/NAME. AWS does not document the
// shape.
func (f *Fake) channelARN(name string) string {
	return fmt.Sprintf("arn:aws:kinesis:%s:%s:%s%s", f.region, f.account, channelARNResource, name)
}

// parseChannelARN returns the region, account and channel name of a
// channel ARN.
func parseChannelARN(arn string) (region, account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "kinesis" {
		return "", "", "", false
	}
	name, found := strings.CutPrefix(parts[5], channelARNResource)
	if !found || name == "" || strings.Contains(name, "/") {
		return "", "", "", false
	}
	return parts[3], parts[4], name, true
}

// channelID is a channel's ChannelId: UUID-shaped like AWS's, and derived
// from the channel's ARN and creation time so that the same calls give the
// same ids while a channel created again under the same name gets a new
// one.
func channelID(arn string, createdMs int64) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", arn, createdMs)))
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// lookupChannel finds the channel a ChannelARN names, unless its deletion
// has completed. AWS's texts are not documented; kinesisfake's follow its
// stream texts. The caller holds f.mu.
func (f *Fake) lookupChannel(arn string, now time.Time) (*channel, error) {
	region, account, name, ok := parseChannelARN(arn)
	if !ok {
		return nil, invalidArgument("ChannelARN %s is not a valid Kinesis channel ARN.", arn)
	}
	if region != f.region || account != f.account {
		return nil, resourceNotFound("Channel %s under account %s not found.", name, account)
	}
	c := f.liveChannel(name, now)
	if c == nil {
		return nil, f.channelNotFound(name)
	}
	return c, nil
}

// channelNotFound is the ResourceNotFoundException for a channel that does
// not exist (or no longer does).
func (f *Fake) channelNotFound(name string) error {
	return resourceNotFound("Channel %s under account %s not found.", name, f.account)
}

// liveChannel returns the channel of that name unless there is none or its
// deletion has completed at now. The caller holds f.mu.
func (f *Fake) liveChannel(name string, now time.Time) *channel {
	c := f.channels[name]
	if c == nil || c.statusAt(now) == channelStatusGone {
		return nil
	}
	return c
}

// pruneChannels forgets channels whose deletion has completed. The caller
// holds f.mu for writing.
func (f *Fake) pruneChannels(now time.Time) {
	for name, c := range f.channels {
		if c.statusAt(now) == channelStatusGone {
			delete(f.channels, name)
		}
	}
}

// channelCount is how many channels the account has at now, as
// DescribeLimits' ChannelCount reports (those still CREATING or DELETING
// included). The caller holds f.mu.
func (f *Fake) channelCount(now time.Time) int {
	n := 0
	for _, c := range f.channels {
		if c.statusAt(now) != channelStatusGone {
			n++
		}
	}
	return n
}

// streamChannelCount is how many channels read the stream at now, as
// DescribeStreamSummary's ChannelCount reports. A channel being deleted no
// longer counts: it is not an active channel that would keep DeleteStream
// from deleting the stream. The caller holds f.mu.
func (f *Fake) streamChannelCount(s *stream, now time.Time) int {
	n := 0
	for _, c := range f.channels {
		if st := c.statusAt(now); st != channelStatusGone && st != types.ChannelStatusDeleting && c.reads(s) {
			n++
		}
	}
	return n
}

// checkNoChannels fails DeleteStream for a stream that channels still read:
// "A stream cannot be deleted while it has active channels." AWS's text is
// not documented; this one follows its text for consumers. The caller holds
// f.mu.
func (f *Fake) checkNoChannels(s *stream, now time.Time) error {
	if f.streamChannelCount(s, now) == 0 {
		return nil
	}
	return resourceInUse("DeleteStream can’t delete %s:%s because there are channels associated with this data stream. To delete %s, first delete the channels that are associated with it.",
		f.account, s.name, s.name)
}

// reads reports whether the channel reads this incarnation of the stream.
func (c *channel) reads(s *stream) bool {
	return c.source.streamARN == s.arn && c.source.streamCreatedMs == s.createdMs
}

// description is the channel as CreateChannel, DescribeChannel and
// UpdateChannel show it at now. Everything is copied, so callers cannot
// change the Fake's state through it.
func (c *channel) description(now time.Time) *types.ChannelDescription {
	d := &types.ChannelDescription{
		ChannelName:              ptr(c.name),
		ChannelARN:               ptr(c.arn),
		ChannelId:                ptr(c.id),
		ChannelStatus:            c.statusAt(now),
		ChannelCreationTimestamp: ptr(timeOfMs(c.createdMs)),
		ServiceExecutionRoleARN:  ptr(c.roleARN),
		StreamConfigurationList: []types.ChannelStreamDescription{{
			StreamARN:               ptr(c.source.streamARN),
			StreamCreationTimestamp: ptr(creationTime(c.source.streamCreatedMs)),
			RecordConfiguration:     cloneRecordConfiguration(&c.source.record),
		}},
		LoggingConfiguration: &types.ChannelLoggingConfiguration{CloudWatchLogs: cloneCloudWatchLogs(&c.logging)},
	}
	if c.encryption != nil {
		d.EncryptionConfiguration = &types.ChannelEncryptionConfiguration{
			EncryptionType: c.encryption.EncryptionType,
			KeyId:          clonePtr(c.encryption.KeyId),
		}
	}
	if c.s3 != nil {
		d.S3DestinationConfiguration = &types.S3DestinationDescription{
			DataFreshnessInSeconds:         clonePtr(c.s3.DataFreshnessInSeconds),
			DeadLetterQueueS3Configuration: cloneDeadLetterQueue(c.s3.DeadLetterQueueS3Configuration),
			StorageConfiguration:           cloneS3Storage(c.s3.StorageConfiguration),
		}
	}
	if c.s3Tables != nil {
		d.S3TablesDestinationConfiguration = &types.S3TablesDestinationDescription{
			DataFreshnessInSeconds:         clonePtr(c.s3Tables.DataFreshnessInSeconds),
			DeadLetterQueueS3Configuration: cloneDeadLetterQueue(c.s3Tables.DeadLetterQueueS3Configuration),
			S3TablesConfigurationList:      cloneS3Tables(c.s3Tables.S3TablesConfigurationList),
		}
	}
	return d
}

// summary is the channel as ListChannels shows it at now.
func (c *channel) summary(now time.Time) types.ChannelSummary {
	return types.ChannelSummary{
		ChannelName:              ptr(c.name),
		ChannelARN:               ptr(c.arn),
		ChannelId:                ptr(c.id),
		ChannelStatus:            c.statusAt(now),
		ChannelCreationTimestamp: ptr(timeOfMs(c.createdMs)),
		ChannelDestinationType:   c.destinationType(),
		Streams: []types.ChannelStreamIdentifier{{
			StreamARN:               ptr(c.source.streamARN),
			StreamCreationTimestamp: ptr(creationTime(c.source.streamCreatedMs)),
		}},
	}
}
