package kinesisfake

import (
	"slices"
	"strings"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Tagging limits.
const (
	maxTagsPerResource = 50 // "You can add up to 50 tags per resource."
	// listTagsForStreamDefault is ListTagsForStream's Limit when absent:
	// every tag. AWS does not document it; without a Limit it returned all
	// 45 tags of a stream in kinesalite's suite, run against production.
	listTagsForStreamDefault = maxTagsPerResource
)

// addTagsToStream implements AddTagsToStream: tags are added, and existing
// keys get the new values.
func (f *Fake) addTagsToStream(in *kinesis.AddTagsToStreamInput) (*kinesis.AddTagsToStreamOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, err := f.lookupStream(streamRef{name: in.StreamName, arn: in.StreamARN})
	if err != nil {
		return nil, err
	}
	if err := f.addTags(streamTagTarget(s), in.Tags); err != nil {
		return nil, err
	}
	return &kinesis.AddTagsToStreamOutput{}, nil
}

// removeTagsFromStream implements RemoveTagsFromStream. Keys the stream does
// not have are ignored, as AWS documents.
func (f *Fake) removeTagsFromStream(in *kinesis.RemoveTagsFromStreamInput) (*kinesis.RemoveTagsFromStreamOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, err := f.lookupStream(streamRef{name: in.StreamName, arn: in.StreamARN})
	if err != nil {
		return nil, err
	}
	if err := f.removeTags(streamTagTarget(s), in.TagKeys); err != nil {
		return nil, err
	}
	return &kinesis.RemoveTagsFromStreamOutput{}, nil
}

// listTagsForStream implements ListTagsForStream: one page of the stream's
// tags in key order, after ExclusiveStartTagKey.
func (f *Fake) listTagsForStream(in *kinesis.ListTagsForStreamInput) (*kinesis.ListTagsForStreamOutput, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	s, err := f.lookupStream(streamRef{name: in.StreamName, arn: in.StreamARN})
	if err != nil {
		return nil, err
	}
	limit := listTagsForStreamDefault
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	tags := sortedTags(s.tags)
	if in.ExclusiveStartTagKey != nil {
		start := *in.ExclusiveStartTagKey
		tags = slices.DeleteFunc(tags, func(t types.Tag) bool { return *t.Key <= start })
	}
	more := len(tags) > limit
	if more {
		tags = tags[:limit]
	}
	return &kinesis.ListTagsForStreamOutput{Tags: tags, HasMoreTags: ptr(more)}, nil
}

// tagResource implements TagResource for streams and consumers, like
// AddTagsToStream.
func (f *Fake) tagResource(in *kinesis.TagResourceInput) (*kinesis.TagResourceOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, err := f.tagTargetOf(*in.ResourceARN)
	if err != nil {
		return nil, err
	}
	if err := f.addTags(t, in.Tags); err != nil {
		return nil, err
	}
	return &kinesis.TagResourceOutput{}, nil
}

// untagResource implements UntagResource for streams and consumers, like
// RemoveTagsFromStream.
func (f *Fake) untagResource(in *kinesis.UntagResourceInput) (*kinesis.UntagResourceOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, err := f.tagTargetOf(*in.ResourceARN)
	if err != nil {
		return nil, err
	}
	if err := f.removeTags(t, in.TagKeys); err != nil {
		return nil, err
	}
	return &kinesis.UntagResourceOutput{}, nil
}

// listTagsForResource implements ListTagsForResource for streams and
// consumers: every tag, in key order (the operation has no paging).
func (f *Fake) listTagsForResource(in *kinesis.ListTagsForResourceInput) (*kinesis.ListTagsForResourceOutput, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	t, err := f.tagTargetOf(*in.ResourceARN)
	if err != nil {
		return nil, err
	}
	return &kinesis.ListTagsForResourceOutput{Tags: sortedTags(*t.tags)}, nil
}

// tagTarget is a resource that carries tags: a stream or a consumer.
type tagTarget struct {
	tags *map[string]string
	kind string // "stream" or "consumer", as the error texts name it
	name string
	// stream is the stream whose tags these are, for the state check of
	// tag changes (checkTagsChangeable); nil for other resources and for
	// CreateStream's own tags.
	stream *stream
}

// checkTagsChangeable refuses a change of a stream's tags while the
// stream is CREATING: "Tags will take effect from the CREATING status of
// the stream, but you can't make any updates to the tags until the stream
// is in ACTIVE state" (CreateStream's reference), with the
// ResourceInUseException every tagging operation documents. AWS documents
// no rule for the other states, so they take changes. The caller holds f.mu.
func (f *Fake) checkTagsChangeable(t tagTarget) error {
	if t.stream == nil {
		return nil
	}
	if st := t.stream.statusAt(f.now()); st == types.StreamStatusCreating {
		return f.streamNotActive(t.stream.name, st)
	}
	return nil
}

// streamTagTarget is the stream as a tag target. The caller holds f.mu.
func streamTagTarget(s *stream) tagTarget {
	return tagTarget{tags: &s.tags, kind: "stream", name: s.name, stream: s}
}

// tagTargetOf finds the stream or consumer a ResourceARN names. The caller
// holds f.mu.
func (f *Fake) tagTargetOf(arn string) (tagTarget, error) {
	if _, _, _, ok := parseStreamARN(arn); ok {
		s, err := f.lookupStream(streamRef{arn: &arn})
		if err != nil {
			return tagTarget{}, err
		}
		return streamTagTarget(s), nil
	}
	if _, _, _, ok := parseConsumerARN(arn); ok {
		_, c, err := f.lookupConsumer(consumerRef{arn: &arn}, f.now())
		if err != nil {
			return tagTarget{}, err
		}
		return tagTarget{tags: &c.tags, kind: "consumer", name: c.name}, nil
	}
	return tagTarget{}, invalidArgument("ResourceARN %s is not the ARN of a Kinesis stream or consumer.", arn)
}

// addTags merges tags into the target's, after checking every key and value
// and the total. The caller holds f.mu for writing.
func (f *Fake) addTags(t tagTarget, tags map[string]string) error {
	if err := f.checkTagsChangeable(t); err != nil {
		return err
	}
	all := make([]string, 0, 2*len(tags))
	for k, v := range tags {
		all = append(all, k, v)
	}
	if err := f.checkTagText(all, "add tags to", t); err != nil {
		return err
	}
	total := len(*t.tags)
	for k := range tags {
		if _, ok := (*t.tags)[k]; !ok {
			total++
		}
	}
	if total > maxTagsPerResource {
		if t.kind == "stream" {
			// AWS's text, as observed, still names the old limit of 10
			// although the limit it applies is 50.
			return invalidArgument("Failed to add tags to stream %s under account %s because a given stream cannot have more than 10 tags associated with it.", t.name, f.account)
		}
		return invalidArgument("Failed to add tags to %s %s under account %s because a given %s cannot have more than %d tags associated with it.", t.kind, t.name, f.account, t.kind, maxTagsPerResource)
	}
	if *t.tags == nil {
		*t.tags = make(map[string]string, len(tags))
	}
	for k, v := range tags {
		(*t.tags)[k] = v
	}
	return nil
}

// removeTags deletes the target's tags with the given keys, after checking
// the keys. The caller holds f.mu for writing.
func (f *Fake) removeTags(t tagTarget, keys []string) error {
	if err := f.checkTagsChangeable(t); err != nil {
		return err
	}
	if err := f.checkTagText(keys, "remove tags from", t); err != nil {
		return err
	}
	for _, k := range keys {
		delete(*t.tags, k)
	}
	return nil
}

// checkTagText applies AWS's character rules to tag keys and values, with
// its two texts: one for characters no tag may hold, and one, naming the
// resource, for '%', which AWS's documentation lists as valid but the
// service refuses. ':' is allowed, as the TagResource documentation says.
// verb is "add tags to" or "remove tags from".
func (f *Fake) checkTagText(texts []string, verb string, t tagTarget) error {
	percent := false
	for _, text := range texts {
		for _, r := range text {
			switch {
			case r == '%':
				percent = true
			case unicode.IsLetter(r), unicode.IsDigit(r), strings.ContainsRune(" _./=+-@:", r):
			default:
				return invalidArgument("Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - %% @.")
			}
		}
	}
	if percent {
		return invalidArgument("Failed to %s %s %s under account %s because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.", verb, t.kind, t.name, f.account)
	}
	return nil
}

// sortedTags is a resource's tags in key order, as the listing operations
// return them; an empty list, not nil, when there are none. The caller holds
// f.mu.
func sortedTags(m map[string]string) []types.Tag {
	tags := make([]types.Tag, 0, len(m))
	for k, v := range m {
		tags = append(tags, types.Tag{Key: ptr(k), Value: ptr(v)})
	}
	slices.SortFunc(tags, func(a, b types.Tag) int { return strings.Compare(*a.Key, *b.Key) })
	return tags
}
