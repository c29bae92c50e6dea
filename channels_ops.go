package kinesisfake

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// listChannelsMax is ListChannels' default MaxResults and the most channels
// one page carries, whatever MaxResults asks for.
const listChannelsMax = 100

// pageTokenListChannels marks a NextToken of ListChannels (see pageToken):
// it carries the name of the last channel listed.
const pageTokenListChannels byte = 'H'

// createChannel implements CreateChannel. The channel is CREATING for
// StateDelays.Create, then ACTIVE (at once with no delay).
//
// The rules the SDK documents are enforced: one source stream, in
// ON_DEMAND mode; exactly one destination; one table for S3 Tables; the
// record formats each destination supports; a schema for S3 Tables; no
// Kinesis service key. AWS's texts for them are not documented, so
// kinesisfake's say plainly what is wrong.
func (f *Fake) createChannel(in *kinesis.CreateChannelInput) (*kinesis.CreateChannelOutput, error) {
	if err := checkChannelConfig(in); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	src := in.StreamConfigurationList[0]
	s, err := f.usableStream(streamRef{arn: src.StreamARN}, now)
	if err != nil {
		return nil, err
	}
	if s.mode != types.StreamModeOnDemand {
		return nil, invalidArgument("Stream %s under account %s is in %s mode. Channels are supported only for data streams with the on-demand capacity mode.", s.name, f.account, s.mode)
	}
	f.pruneChannels(now)
	name := *in.ChannelName
	if f.channels[name] != nil {
		return nil, resourceInUse("Channel %s under account %s already exists.", name, f.account)
	}
	if n := len(f.channels); n >= channelCountLimit {
		return nil, limitExceeded("This request would exceed the channel limit for the account %s in %s. Current channel count for the account: %d. Limit: %d.",
			f.account, f.region, n, channelCountLimit)
	}

	arn := f.channelARN(name)
	c := &channel{
		name:       name,
		arn:        arn,
		id:         channelID(arn, msOf(now)),
		createdMs:  msOf(now),
		roleARN:    *in.ServiceExecutionRoleARN,
		source:     channelSource{streamARN: s.arn, streamCreatedMs: s.createdMs, record: *cloneRecordConfiguration(src.RecordConfiguration)},
		encryption: cloneChannelEncryption(in.EncryptionConfiguration),
	}
	// Tags follow TagResource's rules and texts (tags.go).
	if err := f.addTags(tagTarget{tags: &c.tags, kind: "channel", name: name}, in.Tags); err != nil {
		return nil, err
	}
	c.logging = newChannelLogging(in.LoggingConfiguration, name, c.id)
	if d := in.S3DestinationConfiguration; d != nil {
		c.s3 = newS3Destination(d)
	} else {
		c.s3Tables = newS3TablesDestination(in.S3TablesDestinationConfiguration)
	}
	c.life.move(now, types.ChannelStatusCreating, types.ChannelStatusActive, f.delays.Create)
	f.channels[name] = c
	return &kinesis.CreateChannelOutput{ChannelDescription: c.description(now)}, nil
}

// checkChannelConfig applies CreateChannel's rules that need no state.
// Required members the SDK checks before sending are checked again only as
// far as needed never to panic on a hand-made input.
func checkChannelConfig(in *kinesis.CreateChannelInput) error {
	if len(in.StreamConfigurationList) != 1 {
		return invalidArgument("StreamConfigurationList must contain exactly one stream configuration: a channel reads one stream.")
	}
	src := in.StreamConfigurationList[0]
	if src.StreamARN == nil || src.RecordConfiguration == nil {
		return invalidArgument("Each stream configuration must have a StreamARN and a RecordConfiguration.")
	}
	s3, tables := in.S3DestinationConfiguration, in.S3TablesDestinationConfiguration
	if (s3 == nil) == (tables == nil) {
		return invalidArgument("Exactly one of S3DestinationConfiguration and S3TablesDestinationConfiguration must be provided.")
	}
	format := src.RecordConfiguration.RecordFormatType
	if s3 != nil {
		if s3.StorageConfiguration == nil {
			return invalidArgument("S3DestinationConfiguration must have a StorageConfiguration.")
		}
		if format == types.RecordFormatTypeGsrJson {
			return invalidArgument("RecordFormatType GSR_JSON is supported only for streaming table (Amazon S3 Tables) destinations.")
		}
	} else {
		if len(tables.S3TablesConfigurationList) != 1 {
			return invalidArgument("S3TablesConfigurationList must contain exactly one table configuration: a channel delivers to one table.")
		}
		if format == types.RecordFormatTypeString || format == types.RecordFormatTypeByteArray {
			return invalidArgument("RecordFormatType %s is supported only for general purpose Amazon S3 destinations.", format)
		}
		if src.RecordConfiguration.GSRSchemaARN == nil {
			return invalidArgument("GSRSchemaARN is required when the channel destination is a streaming table (Amazon S3 Tables).")
		}
	}
	if e := in.EncryptionConfiguration; e != nil && e.KeyId != nil && strings.HasSuffix(*e.KeyId, awsManagedKinesisKeyAlias) {
		return invalidArgument("The Amazon Kinesis Data Streams service key (%s) cannot encrypt a channel's destination. Specify a customer managed KMS key.", awsManagedKinesisKeyAlias)
	}
	return nil
}

// newChannelLogging is a channel's CloudWatch Logs settings: logging off
// unless asked for, and the documented default log group and stream names
// wherever none is given.
func newChannelLogging(in *types.ChannelLoggingConfiguration, name, id string) types.CloudWatchLogs {
	l := types.CloudWatchLogs{}
	if in != nil && in.CloudWatchLogs != nil {
		l = *cloneCloudWatchLogs(in.CloudWatchLogs)
	}
	if l.Enabled == nil {
		l.Enabled = ptr(false)
	}
	if l.LogGroupName == nil {
		l.LogGroupName = ptr(fmt.Sprintf(defaultChannelLogGroupFmt, name, id))
	}
	if l.LogStreamName == nil {
		l.LogStreamName = ptr(defaultChannelLogStreamName)
	}
	return l
}

// newS3Destination is a general purpose S3 destination with the documented
// defaults filled in: 300 s freshness, STANDARD storage, and a dead-letter
// queue in the destination bucket under an error prefix.
func newS3Destination(in *types.S3DestinationConfiguration) *types.S3DestinationDescription {
	storage := cloneS3Storage(in.StorageConfiguration)
	if storage.StorageClass == "" {
		storage.StorageClass = types.S3StorageClassStandard
	}
	dlq := cloneDeadLetterQueue(in.DeadLetterQueueS3Configuration)
	if dlq == nil {
		dlq = &types.DeadLetterQueueS3Configuration{
			BucketARN:           clonePtr(storage.BucketARN),
			ExpectedBucketOwner: clonePtr(storage.ExpectedBucketOwner),
			ErrorOutputPrefix:   ptr(defaultChannelErrorPrefix),
		}
	}
	return &types.S3DestinationDescription{
		DataFreshnessInSeconds:         freshnessOrDefault(in.DataFreshnessInSeconds),
		DeadLetterQueueS3Configuration: dlq,
		StorageConfiguration:           storage,
	}
}

// newS3TablesDestination is an S3 Tables destination with the documented
// default freshness filled in.
func newS3TablesDestination(in *types.S3TablesDestinationConfiguration) *types.S3TablesDestinationDescription {
	return &types.S3TablesDestinationDescription{
		DataFreshnessInSeconds:         freshnessOrDefault(in.DataFreshnessInSeconds),
		DeadLetterQueueS3Configuration: cloneDeadLetterQueue(in.DeadLetterQueueS3Configuration),
		S3TablesConfigurationList:      cloneS3Tables(in.S3TablesConfigurationList),
	}
}

// freshnessOrDefault is a copy of a DataFreshnessInSeconds, or the
// documented default of 300 seconds when none is given.
func freshnessOrDefault(s *int32) *int32 {
	if s == nil {
		return ptr(int32(defaultDataFreshnessSeconds))
	}
	return ptr(*s)
}

// describeChannel implements DescribeChannel.
func (f *Fake) describeChannel(in *kinesis.DescribeChannelInput) (*kinesis.DescribeChannelOutput, error) {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	c, err := f.lookupChannel(*in.ChannelARN, now)
	if err != nil {
		return nil, err
	}
	return &kinesis.DescribeChannelOutput{ChannelDescription: c.description(now)}, nil
}

// listChannels implements ListChannels: one page of the account's channels
// (DELETING ones included until they are gone) in byte order of name,
// optionally only those reading the streams StreamFilter names.
//
// The NextToken resumes after the last channel listed and is valid for 300
// seconds. StreamFilter may come with it (the SDK's paginator resends it)
// and applies to every page.
func (f *Fake) listChannels(in *kinesis.ListChannelsInput) (*kinesis.ListChannelsOutput, error) {
	now := f.now()
	after := "" // list names after this one; every name is longer
	if in.NextToken != nil {
		tok, err := f.openPageToken(*in.NextToken, pageTokenListChannels, now)
		if err != nil {
			return nil, err
		}
		after = tok.name
	}
	limit := listChannelsMax
	if in.MaxResults != nil {
		limit = min(int(*in.MaxResults), listChannelsMax)
	}

	f.mu.RLock()
	defer f.mu.RUnlock()
	names := make([]string, 0, len(f.channels))
	for name, c := range f.channels {
		if name > after && f.liveChannel(name, now) != nil && c.matches(in.StreamFilter) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	out := &kinesis.ListChannelsOutput{ChannelSummaries: []types.ChannelSummary{}}
	if len(names) > limit {
		names = names[:limit]
		out.NextToken = ptr(f.encodePageToken(pageToken{
			kind:     pageTokenListChannels,
			issuedMs: msOf(now),
			name:     names[len(names)-1],
		}))
	}
	for _, name := range names {
		out.ChannelSummaries = append(out.ChannelSummaries, f.channels[name].summary(now))
	}
	return out, nil
}

// matches reports whether the channel reads one of the streams the filters
// name; with no filters, every channel matches. A filter's
// StreamCreationTimestamp, when given, must fall in the second of the
// stream's creation (createdIn).
func (c *channel) matches(filters []types.StreamFilter) bool {
	if len(filters) == 0 {
		return true
	}
	for _, sf := range filters {
		if sf.StreamARN == nil || *sf.StreamARN != c.source.streamARN {
			continue
		}
		if sf.StreamCreationTimestamp == nil || createdIn(*sf.StreamCreationTimestamp, c.source.streamCreatedMs) {
			return true
		}
	}
	return false
}

// updateChannel implements UpdateChannel: the data freshness of the
// channel's destination and its CloudWatch Logs settings change, and the
// channel is UPDATING for StateDelays.Update, then ACTIVE again. The new
// settings show at once. Only an ACTIVE channel can be updated, and only
// the settings of the destination it has.
func (f *Fake) updateChannel(in *kinesis.UpdateChannelInput) (*kinesis.UpdateChannelOutput, error) {
	if in.LoggingConfiguration == nil && in.S3DestinationConfiguration == nil && in.S3TablesDestinationConfiguration == nil {
		return nil, invalidArgument("At least one of LoggingConfiguration, S3DestinationConfiguration and S3TablesDestinationConfiguration must be provided.")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	c, err := f.lookupChannel(*in.ChannelARN, now)
	if err != nil {
		return nil, err
	}
	if st := c.statusAt(now); st != types.ChannelStatusActive {
		return nil, resourceInUse("Channel %s under account %s not ACTIVE, instead in state %s", c.name, f.account, st)
	}
	if in.S3DestinationConfiguration != nil && c.s3 == nil || in.S3TablesDestinationConfiguration != nil && c.s3Tables == nil {
		return nil, invalidArgument("Channel %s under account %s delivers to destination type %s; only the configuration of that destination can be updated.",
			c.name, f.account, c.destinationType())
	}

	if u := in.S3DestinationConfiguration; u != nil && u.DataFreshnessInSeconds != nil {
		c.s3.DataFreshnessInSeconds = ptr(*u.DataFreshnessInSeconds)
	}
	if u := in.S3TablesDestinationConfiguration; u != nil && u.DataFreshnessInSeconds != nil {
		c.s3Tables.DataFreshnessInSeconds = ptr(*u.DataFreshnessInSeconds)
	}
	if l := in.LoggingConfiguration; l != nil && l.CloudWatchLogs != nil {
		// Names not given keep their current values.
		if l.CloudWatchLogs.Enabled != nil {
			c.logging.Enabled = ptr(*l.CloudWatchLogs.Enabled)
		}
		if l.CloudWatchLogs.LogGroupName != nil {
			c.logging.LogGroupName = ptr(*l.CloudWatchLogs.LogGroupName)
		}
		if l.CloudWatchLogs.LogStreamName != nil {
			c.logging.LogStreamName = ptr(*l.CloudWatchLogs.LogStreamName)
		}
	}
	c.life.move(now, types.ChannelStatusUpdating, types.ChannelStatusActive, f.delays.Update)
	return &kinesis.UpdateChannelOutput{ChannelDescription: c.description(now)}, nil
}

// deleteChannel implements DeleteChannel. The channel is DELETING for
// StateDelays.Delete, then gone (at once with no delay). A channel already
// DELETING is reported as not found, as DeleteStream treats a stream
// already DELETING.
func (f *Fake) deleteChannel(in *kinesis.DeleteChannelInput) (*kinesis.DeleteChannelOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	c, err := f.lookupChannel(*in.ChannelARN, now)
	if err != nil {
		return nil, err
	}
	if c.statusAt(now) == types.ChannelStatusDeleting {
		return nil, f.channelNotFound(c.name)
	}
	if c.life.move(now, types.ChannelStatusDeleting, channelStatusGone, f.delays.Delete); c.statusAt(now) == channelStatusGone {
		delete(f.channels, c.name)
	}
	return &kinesis.DeleteChannelOutput{}, nil
}
