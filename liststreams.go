package kinesisfake

import (
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// listStreamsMax is both ListStreams' default Limit and the most streams one
// page carries, whatever Limit asks for.
const listStreamsMax = 100

// listStreams implements ListStreams: one page of the account's streams in
// alphabetical (byte) order of name, with their summaries.
//
// A page that is not the last carries both HasMoreStreams and a NextToken.
// The NextToken resumes after the last stream listed; it wins over
// ExclusiveStartStreamName when a request has both, because the SDK's
// ListStreamsPaginator keeps sending the ExclusiveStartStreamName of the
// first request along with each NextToken.
func (f *Fake) listStreams(in *kinesis.ListStreamsInput) (*kinesis.ListStreamsOutput, error) {
	now := f.now()
	start := "" // list names after this; every name is longer
	switch {
	case in.NextToken != nil:
		tok, err := f.openPageToken(*in.NextToken, pageTokenListStreams, now)
		if err != nil {
			return nil, err
		}
		start = tok.name
	case in.ExclusiveStartStreamName != nil:
		start = *in.ExclusiveStartStreamName
	}
	limit := listStreamsMax
	if in.Limit != nil {
		limit = min(int(*in.Limit), listStreamsMax)
	}

	f.mu.RLock()
	defer f.mu.RUnlock()
	names := make([]string, 0, len(f.streams))
	for name := range f.streams {
		if name > start && f.liveStream(name, now) != nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)

	more := len(names) > limit
	if more {
		names = names[:limit]
	}
	out := &kinesis.ListStreamsOutput{
		StreamNames:     names,
		HasMoreStreams:  ptr(more),
		StreamSummaries: make([]types.StreamSummary, len(names)),
	}
	for i, name := range names {
		out.StreamSummaries[i] = f.streams[name].streamSummary(now)
	}
	if more {
		out.NextToken = ptr(f.encodePageToken(pageToken{
			kind:     pageTokenListStreams,
			issuedMs: msOf(now),
			name:     names[len(names)-1],
		}))
	}
	return out, nil
}

// streamSummary is the stream as ListStreams' StreamSummaries show it at
// now. The caller holds f.mu.
func (s *stream) streamSummary(now time.Time) types.StreamSummary {
	return types.StreamSummary{
		StreamName:              ptr(s.name),
		StreamARN:               ptr(s.arn),
		StreamStatus:            s.statusAt(now),
		StreamModeDetails:       &types.StreamModeDetails{StreamMode: s.mode},
		StreamCreationTimestamp: ptr(creationTime(s.createdMs)),
	}
}
