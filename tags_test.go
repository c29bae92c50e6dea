package kinesisfake

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ctlTags lists every tag of the stream with ListTagsForResource through
// h's door, as a map.
func ctlTags(t *testing.T, h *harness, name string) map[string]string {
	t.Helper()
	out, err := h.api.ListTagsForResource(context.Background(), &kinesis.ListTagsForResourceInput{ResourceARN: aws.String(h.f.streamARN(name))})
	require.NoError(t, err)
	tags := map[string]string{}
	for _, tag := range out.Tags {
		tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	return tags
}

// ctlTagList builds the expected Tags of a listing from key/value pairs.
func ctlTagList(kv ...string) []types.Tag {
	tags := []types.Tag{}
	for i := 0; i < len(kv); i += 2 {
		tags = append(tags, types.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return tags
}

func TestStreamTags(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctx := h.ctx
		_, err := h.api.CreateStream(ctx, &kinesis.CreateStreamInput{
			StreamName: aws.String("s"), ShardCount: aws.Int32(1), Tags: map[string]string{"team": "data"},
		})
		require.NoError(t, err)

		_, err = h.api.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{
			StreamName: aws.String("s"),
			Tags:       map[string]string{"b": "ü0 _./=+-@:", "a": "a", "ü0 _.": "x", "empty": ""},
		})
		require.NoError(t, err)
		// An existing key gets the new value.
		_, err = h.api.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamARN: aws.String(h.f.streamARN("s")), Tags: map[string]string{"a": "b"}})
		require.NoError(t, err)

		out, err := h.api.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		want := &kinesis.ListTagsForStreamOutput{
			Tags:        ctlTagList("a", "b", "b", "ü0 _./=+-@:", "empty", "", "team", "data", "ü0 _.", "x"),
			HasMoreTags: aws.Bool(false),
		}
		assert.Empty(t, cmp.Diff(want, out, ctlIgnoreSDK))

		// Removing keys the stream lacks is not an error.
		_, err = h.api.RemoveTagsFromStream(ctx, &kinesis.RemoveTagsFromStreamInput{StreamName: aws.String("s"), TagKeys: []string{"a", "ü0 _.", "nope"}})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"b": "ü0 _./=+-@:", "empty": "", "team": "data"}, ctlTags(t, h, "s"))
	})
}

func TestListTagsForStreamPaging(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctx := h.ctx
		ctlCreate(t, h.api, "s", 1)
		tags := map[string]string{}
		for i := range 12 {
			tags[fmt.Sprintf("k%02d", i)] = fmt.Sprintf("v%d", i)
		}
		_, err := h.api.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("s"), Tags: tags})
		require.NoError(t, err)

		keys := func(tags []types.Tag) []string {
			out := []string{}
			for _, tag := range tags {
				out = append(out, aws.ToString(tag.Key))
			}
			return out
		}
		tests := []struct {
			name     string
			in       kinesis.ListTagsForStreamInput
			want     []string
			wantMore bool
		}{
			// Without a Limit, every tag: AWS returned all 45 of a stream in
			// kinesalite's suite, run against production.
			{name: "no limit: all of them", want: []string{"k00", "k01", "k02", "k03", "k04", "k05", "k06", "k07", "k08", "k09", "k10", "k11"}},
			{name: "limit", in: kinesis.ListTagsForStreamInput{Limit: aws.Int32(3)}, want: []string{"k00", "k01", "k02"}, wantMore: true},
			{name: "limit covering all", in: kinesis.ListTagsForStreamInput{Limit: aws.Int32(50)}, want: []string{"k00", "k01", "k02", "k03", "k04", "k05", "k06", "k07", "k08", "k09", "k10", "k11"}},
			{name: "exclusive start", in: kinesis.ListTagsForStreamInput{ExclusiveStartTagKey: aws.String("k09")}, want: []string{"k10", "k11"}},
			{name: "exclusive start of a missing key", in: kinesis.ListTagsForStreamInput{ExclusiveStartTagKey: aws.String("k055")}, want: []string{"k06", "k07", "k08", "k09", "k10", "k11"}},
			{name: "exclusive start and limit", in: kinesis.ListTagsForStreamInput{ExclusiveStartTagKey: aws.String("k02"), Limit: aws.Int32(9)}, want: []string{"k03", "k04", "k05", "k06", "k07", "k08", "k09", "k10", "k11"}},
			{name: "after the last key", in: kinesis.ListTagsForStreamInput{ExclusiveStartTagKey: aws.String("k11")}, want: []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := tt.in
				in.StreamName = aws.String("s")
				out, err := h.api.ListTagsForStream(ctx, &in)
				require.NoError(t, err)
				assert.Equal(t, tt.want, keys(out.Tags))
				assert.Equal(t, tt.wantMore, aws.ToBool(out.HasMoreTags))
			})
		}
	})
}

func TestTagLimit(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctx := h.ctx
		ctlCreate(t, h.api, "s", 1)
		tags := map[string]string{}
		for i := range 45 {
			tags[fmt.Sprintf("k%02d", i)] = "v"
		}
		_, err := h.api.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("s"), Tags: tags})
		require.NoError(t, err)

		six := map[string]string{"n1": "", "n2": "", "n3": "", "n4": "", "n5": "", "n6": ""}
		_, err = h.api.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("s"), Tags: six})
		ctlAssertErr[types.InvalidArgumentException](t, err,
			"Failed to add tags to stream s under account 000000000000 because a given stream cannot have more than 10 tags associated with it.")
		_, err = h.api.TagResource(ctx, &kinesis.TagResourceInput{ResourceARN: aws.String(h.f.streamARN("s")), Tags: six})
		ctlAssertErr[types.InvalidArgumentException](t, err,
			"Failed to add tags to stream s under account 000000000000 because a given stream cannot have more than 10 tags associated with it.")
		assert.Len(t, ctlTags(t, h, "s"), 45, "a refused call adds nothing")

		// Overwriting existing keys does not count; reaching exactly 50 is fine.
		delete(six, "n6")
		six["k00"] = "changed"
		_, err = h.api.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("s"), Tags: six})
		require.NoError(t, err)
		got := ctlTags(t, h, "s")
		assert.Len(t, got, 50)
		assert.Equal(t, "changed", got["k00"])
	})
}

func TestTagCharacters(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctx := h.ctx
		ctlCreate(t, h.api, "s", 1)
		const invalid = "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @."
		const addPercent = "Failed to add tags to stream s under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'."
		const removePercent = "Failed to remove tags from stream s under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'."

		add := func(tags map[string]string) error {
			_, err := h.api.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("s"), Tags: tags})
			return err
		}
		tag := func(tags map[string]string) error {
			_, err := h.api.TagResource(ctx, &kinesis.TagResourceInput{ResourceARN: aws.String(h.f.streamARN("s")), Tags: tags})
			return err
		}
		remove := func(keys ...string) error {
			_, err := h.api.RemoveTagsFromStream(ctx, &kinesis.RemoveTagsFromStreamInput{StreamName: aws.String("s"), TagKeys: keys})
			return err
		}
		untag := func(keys ...string) error {
			_, err := h.api.UntagResource(ctx, &kinesis.UntagResourceInput{ResourceARN: aws.String(h.f.streamARN("s")), TagKeys: keys})
			return err
		}
		tests := []struct {
			name string
			err  error
			want string
		}{
			{"semicolon in a key", add(map[string]string{"abc;def": "1"}), invalid},
			{"tab in a key", add(map[string]string{"abc\tdef": "1"}), invalid},
			{"newline in a value", add(map[string]string{"a": "abc\ndef"}), invalid},
			{"comma in a value", add(map[string]string{"a": "abc,def"}), invalid},
			{"percent in a key", add(map[string]string{"abc%def": "1"}), addPercent},
			{"percent in a value", add(map[string]string{"a": "abc%def"}), addPercent},
			{"invalid wins over percent", add(map[string]string{"a%": "b;"}), invalid},
			{"TagResource percent", tag(map[string]string{"a": "%"}), addPercent},
			{"TagResource invalid", tag(map[string]string{"a;": ""}), invalid},
			{"remove percent", remove("a%"), removePercent},
			{"remove invalid", remove("a;"), invalid},
			{"UntagResource percent", untag("a%"), removePercent},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctlAssertErr[types.InvalidArgumentException](t, tt.err, tt.want)
			})
		}
		assert.Empty(t, ctlTags(t, h, "s"), "refused calls add nothing")
	})
}

func TestTagResource(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctx := h.ctx
		ctlCreate(t, h.api, "s", 1)
		arn := aws.String(h.f.streamARN("s"))

		out, err := h.api.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: arn})
		require.NoError(t, err)
		assert.Equal(t, []types.Tag{}, out.Tags, "no tags is an empty list")

		_, err = h.api.TagResource(ctx, &kinesis.TagResourceInput{ResourceARN: arn, Tags: map[string]string{"z": "1", "a": "2", "m": "3"}})
		require.NoError(t, err)
		out, err = h.api.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: arn})
		require.NoError(t, err)
		assert.Empty(t, cmp.Diff(ctlTagList("a", "2", "m", "3", "z", "1"), out.Tags, ctlIgnoreSDK))

		// The two tagging APIs see the same tags.
		st, err := h.api.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Empty(t, cmp.Diff(out.Tags, st.Tags, ctlIgnoreSDK))

		_, err = h.api.UntagResource(ctx, &kinesis.UntagResourceInput{ResourceARN: arn, TagKeys: []string{"m", "nope"}})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"a": "2", "z": "1"}, ctlTags(t, h, "s"))
	})
}

func TestTagErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctx := h.ctx
		consumerARN := "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1700000000"
		notFound := "Stream nope under account 000000000000 not found."

		tests := []struct {
			name  string
			err   error
			check func(t *testing.T, err error)
		}{{
			name: "AddTagsToStream of a missing stream",
			err: func() error {
				_, err := h.api.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("nope"), Tags: map[string]string{"a": "b"}})
				return err
			}(),
			check: func(t *testing.T, err error) { ctlAssertErr[types.ResourceNotFoundException](t, err, notFound) },
		}, {
			name: "RemoveTagsFromStream of a missing stream",
			err: func() error {
				_, err := h.api.RemoveTagsFromStream(ctx, &kinesis.RemoveTagsFromStreamInput{StreamName: aws.String("nope"), TagKeys: []string{"a"}})
				return err
			}(),
			check: func(t *testing.T, err error) { ctlAssertErr[types.ResourceNotFoundException](t, err, notFound) },
		}, {
			name: "ListTagsForStream of a missing stream",
			err: func() error {
				_, err := h.api.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String("nope")})
				return err
			}(),
			check: func(t *testing.T, err error) { ctlAssertErr[types.ResourceNotFoundException](t, err, notFound) },
		}, {
			name: "TagResource of a missing stream",
			err: func() error {
				_, err := h.api.TagResource(ctx, &kinesis.TagResourceInput{ResourceARN: aws.String(h.f.streamARN("nope")), Tags: map[string]string{"a": "b"}})
				return err
			}(),
			check: func(t *testing.T, err error) { ctlAssertErr[types.ResourceNotFoundException](t, err, notFound) },
		}, {
			name: "ListTagsForResource of a stream in another region",
			err: func() error {
				_, err := h.api.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: aws.String("arn:aws:kinesis:eu-west-1:000000000000:stream/nope")})
				return err
			}(),
			check: func(t *testing.T, err error) { ctlAssertErr[types.ResourceNotFoundException](t, err, notFound) },
		}, {
			name: "UntagResource of a consumer of a missing stream",
			err: func() error {
				_, err := h.api.UntagResource(ctx, &kinesis.UntagResourceInput{ResourceARN: aws.String(consumerARN), TagKeys: []string{"a"}})
				return err
			}(),
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.ResourceNotFoundException](t, err, "Stream s under account 000000000000 not found.")
			},
		}, {
			name: "ListTagsForResource of something else",
			err: func() error {
				_, err := h.api.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: aws.String("arn:aws:kinesis:us-east-1:000000000000:notastream/x")})
				return err
			}(),
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "ResourceARN arn:aws:kinesis:us-east-1:000000000000:notastream/x is not the ARN of a Kinesis stream or consumer.")
			},
		}}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { tt.check(t, tt.err) })
		}
	})
}

func TestConsumerTags(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		clk, ctx := h.clk, h.ctx
		ctlCreate(t, h.api, "s", 1)
		reg, err := h.api.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{
			StreamARN: aws.String(h.f.streamARN("s")), ConsumerName: aws.String("c"), Tags: map[string]string{"from": "registration"},
		})
		require.NoError(t, err)
		arn := reg.Consumer.ConsumerARN

		_, err = h.api.TagResource(ctx, &kinesis.TagResourceInput{ResourceARN: arn, Tags: map[string]string{"a": "1"}})
		require.NoError(t, err)
		out, err := h.api.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: arn})
		require.NoError(t, err)
		assert.Empty(t, cmp.Diff(ctlTagList("a", "1", "from", "registration"), out.Tags, ctlIgnoreSDK))
		assert.Empty(t, ctlTags(t, h, "s"), "the stream's tags are its own")

		_, err = h.api.UntagResource(ctx, &kinesis.UntagResourceInput{ResourceARN: arn, TagKeys: []string{"from"}})
		require.NoError(t, err)
		out, err = h.api.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: arn})
		require.NoError(t, err)
		assert.Empty(t, cmp.Diff(ctlTagList("a", "1"), out.Tags, ctlIgnoreSDK))

		_, err = h.api.TagResource(ctx, &kinesis.TagResourceInput{ResourceARN: arn, Tags: map[string]string{"%": ""}})
		ctlAssertErr[types.InvalidArgumentException](t, err,
			"Failed to add tags to consumer c under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.")
		many := map[string]string{}
		for i := range 50 {
			many[fmt.Sprint(i)] = ""
		}
		_, err = h.api.TagResource(ctx, &kinesis.TagResourceInput{ResourceARN: arn, Tags: many})
		ctlAssertErr[types.InvalidArgumentException](t, err,
			"Failed to add tags to consumer c under account 000000000000 because a given consumer cannot have more than 50 tags associated with it.")

		sum, err := h.api.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Equal(t, int32(1), aws.ToInt32(sum.StreamDescriptionSummary.ConsumerCount))

		// A consumer ARN with another creation time names a consumer that does
		// not exist.
		clk.Advance(time.Minute)
		stale := h.f.streamARN("s") + "/consumer/c:1"
		_, err = h.api.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: aws.String(stale)})
		ctlAssertErr[types.ResourceNotFoundException](t, err, "Consumer c under stream s under account 000000000000 not found.")
	})
}

// CreateStream checks its Tags as AddTagsToStream does (issue 9): the
// count, and the characters with both of AWS's texts (observed on
// AddTagsToStream; kinesalite's suite ran them against production). AWS's
// texts for CreateStream itself were not recorded, so the fake gives
// AddTagsToStream's, naming the stream it would have created. A refused
// call creates nothing.
func TestCreateStreamTags(t *testing.T) {
	tooMany := map[string]string{}
	for i := range maxTagsPerResource + 1 {
		tooMany[fmt.Sprintf("k%02d", i)] = "v"
	}
	fifty := maps.Clone(tooMany)
	delete(fifty, "k00")
	tests := []struct {
		name string
		tags map[string]string
		want string // "" for success
	}{
		{"50 tags", fifty, ""},
		{"51 tags", tooMany, "Failed to add tags to stream s under account 000000000000 because a given stream cannot have more than 10 tags associated with it."},
		{"semicolon in a key", map[string]string{"a;b": "1"}, "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @."},
		{"percent in a value", map[string]string{"a": "50%"}, "Failed to add tags to stream s under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachDoor(t, func(t *testing.T, h *harness) {
				_, err := h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1), Tags: tt.tags})
				if tt.want == "" {
					require.NoError(t, err)
					assert.Equal(t, tt.tags, ctlTags(t, h, "s"))
					return
				}
				ctlAssertErr[types.InvalidArgumentException](t, err, tt.want)
				_, err = h.f.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
				var notFound *types.ResourceNotFoundException
				assert.ErrorAs(t, err, &notFound, "a refused CreateStream creates no stream")
			})
		})
	}
}

// CreateStream's reference: "Tags will take effect from the CREATING status
// of the stream, but you can't make any updates to the tags until the
// stream is in ACTIVE state." Each tagging operation documents
// ResourceInUseException ("the resource must be in the ACTIVE state").
func TestStreamTagsFrozenWhileCreating(t *testing.T) {
	const create = 5 * time.Second
	notActive := "Stream s under account " + DefaultAccountID + " not ACTIVE, instead in state CREATING"
	changes := []struct {
		op     string
		change func(h *harness) error
		after  map[string]string // once ACTIVE
	}{
		{"AddTagsToStream", func(h *harness) error {
			_, err := h.api.AddTagsToStream(h.ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("s"), Tags: map[string]string{"b": "2"}})
			return err
		}, map[string]string{"a": "1", "b": "2"}},
		{"RemoveTagsFromStream", func(h *harness) error {
			_, err := h.api.RemoveTagsFromStream(h.ctx, &kinesis.RemoveTagsFromStreamInput{StreamName: aws.String("s"), TagKeys: []string{"a"}})
			return err
		}, map[string]string{}},
		{"TagResource", func(h *harness) error {
			_, err := h.api.TagResource(h.ctx, &kinesis.TagResourceInput{ResourceARN: aws.String(h.f.streamARN("s")), Tags: map[string]string{"b": "2"}})
			return err
		}, map[string]string{"a": "1", "b": "2"}},
		{"UntagResource", func(h *harness) error {
			_, err := h.api.UntagResource(h.ctx, &kinesis.UntagResourceInput{ResourceARN: aws.String(h.f.streamARN("s")), TagKeys: []string{"a"}})
			return err
		}, map[string]string{}},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, c := range changes {
			t.Run(c.op, func(t *testing.T) {
				h := newHarness(t, door, WithStateDelays(StateDelays{Create: create}))
				_, err := h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1), Tags: map[string]string{"a": "1"}})
				require.NoError(t, err)
				// The creation's tags are there from CREATING on.
				assert.Equal(t, map[string]string{"a": "1"}, ctlTags(t, h, "s"))

				err = c.change(h)
				var inUse *types.ResourceInUseException
				require.ErrorAs(t, err, &inUse)
				assert.Equal(t, notActive, inUse.ErrorMessage())
				assert.Equal(t, map[string]string{"a": "1"}, ctlTags(t, h, "s"), "nothing changed")

				h.clk.Advance(create)
				require.NoError(t, c.change(h), "ACTIVE: tags change")
				assert.Equal(t, c.after, ctlTags(t, h, "s"))
			})
		}
	})
}
