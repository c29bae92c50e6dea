package kinesisfake

import (
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Helpers of the resharding tests (reshard_test.go, lineage_test.go,
// updateshardcount_test.go). Their names start with rs so they cannot
// collide with other test files' helpers.

// rsStart is where the resharding tests' manual clock starts.
var rsStart = time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)

// Hash-key ranges of a 3-shard stream, as CreateStream lays them out.
const (
	rsEnd0   = "113427455640312821154458202477256070484"
	rsStart1 = "113427455640312821154458202477256070485"
	rsEnd1   = "226854911280625642308916404954512140969"
	rsStart2 = "226854911280625642308916404954512140970"
	rsMaxKey = "340282366920938463463374607431768211455"
	rsMidKey = "170141183460469231731687303715884105728" // 2^127

	rsMidKeyMinus1 = "170141183460469231731687303715884105727"
)

// rs is the resharding tests' harness: a Fake on a manual clock, seen
// through a door, with helpers that call the door.
type rs struct {
	*harness
}

// rsFakeOn returns the harness through door, its manual clock at rsStart
// with throughput limits off, so that the many calls these tests make at
// one instant are never throttled, and a provisioned stream "s" of the
// given number of shards (none for 0), created by CreateStream on the Fake
// itself so that WithStateDelays applies.
func rsFakeOn(t *testing.T, door testDoor, shards int, opts ...Option) *rs {
	t.Helper()
	h := &rs{newHarnessAt(t, rsStart, door, opts...)}
	if shards > 0 {
		createStream(t, h.f, "s", shards)
	}
	return h
}

// rsCheckErr requires err to wrap the SDK exception PE with exactly msg, and
// the whole error text to read as the real client's does.
func rsCheckErr[PE interface {
	*E
	smithy.APIError
}, E any](t *testing.T, err error, op, msg string) {
	t.Helper()
	var e PE
	require.ErrorAs(t, err, &e)
	assert.Equal(t, msg, e.ErrorMessage())
	var respErr *awshttp.ResponseError
	require.ErrorAs(t, err, &respErr)
	assert.Equal(t, "operation error Kinesis: "+op+", https response error StatusCode: 400, RequestID: "+respErr.RequestID+", "+e.ErrorCode()+": "+msg, err.Error())
}

// rsShard is a shard as the tests compare it: identity, lineage, range and
// whether it is closed.
type rsShard struct {
	ID, Parent, Adjacent string
	Start, End           string
	Closed               bool
}

// list lists the stream's visible shards with ListShards through the door,
// every page.
func (h *rs) list(stream string) []rsShard {
	h.t.Helper()
	return h.listVia(h.api, stream)
}

// listVia is list through api: h.f for a test's own bookkeeping, where the
// listing is not what the test checks.
func (h *rs) listVia(api KinesisAPI, stream string) []rsShard {
	h.t.Helper()
	var all []types.Shard
	in := &kinesis.ListShardsInput{StreamName: aws.String(stream)}
	for {
		out, err := api.ListShards(h.ctx, in)
		require.NoError(h.t, err)
		all = append(all, out.Shards...)
		if out.NextToken == nil {
			break
		}
		in = &kinesis.ListShardsInput{NextToken: out.NextToken}
	}
	var shards []rsShard
	for _, sh := range all {
		shards = append(shards, rsShard{
			ID:       aws.ToString(sh.ShardId),
			Parent:   aws.ToString(sh.ParentShardId),
			Adjacent: aws.ToString(sh.AdjacentParentShardId),
			Start:    aws.ToString(sh.HashKeyRange.StartingHashKey),
			End:      aws.ToString(sh.HashKeyRange.EndingHashKey),
			Closed:   sh.SequenceNumberRange.EndingSequenceNumber != nil,
		})
	}
	return shards
}

// rsOpen keeps the open shards of a listing.
func rsOpen(shards []rsShard) []rsShard {
	var open []rsShard
	for _, sh := range shards {
		if !sh.Closed {
			open = append(open, sh)
		}
	}
	return open
}

// status is the stream's status as DescribeStreamSummary reports it.
func (h *rs) status(stream string) types.StreamStatus {
	h.t.Helper()
	out, err := h.api.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(stream)})
	require.NoError(h.t, err)
	return out.StreamDescriptionSummary.StreamStatus
}

// split, merge and update make the three resharding calls on stream "s".
func (h *rs) split(shard, key string) error {
	_, err := h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{
		StreamName: aws.String("s"), ShardToSplit: aws.String(shard), NewStartingHashKey: aws.String(key)})
	return err
}

func (h *rs) merge(shard, adjacent string) error {
	_, err := h.api.MergeShards(h.ctx, &kinesis.MergeShardsInput{
		StreamName: aws.String("s"), ShardToMerge: aws.String(shard), AdjacentShardToMerge: aws.String(adjacent)})
	return err
}

func (h *rs) update(target int32) (*kinesis.UpdateShardCountOutput, error) {
	return h.api.UpdateShardCount(h.ctx, &kinesis.UpdateShardCountInput{
		StreamName: aws.String("s"), TargetShardCount: aws.Int32(target), ScalingType: types.ScalingTypeUniformScaling})
}

// put puts one record on stream "s" routed by an explicit hash key and
// returns the shard and sequence number it got.
func (h *rs) put(key, data string) (shardID, seq string) {
	h.t.Helper()
	out, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{
		StreamName: aws.String("s"), PartitionKey: aws.String(data), Data: []byte(data), ExplicitHashKey: aws.String(key)})
	require.NoError(h.t, err)
	return *out.ShardId, *out.SequenceNumber
}

// rsBig reads a decimal hash key or sequence number.
func rsBig(t *testing.T, s string) *big.Int {
	t.Helper()
	n, ok := new(big.Int).SetString(s, 10)
	require.True(t, ok, s)
	return n
}

const rsAccount = DefaultAccountID

// rsOnDemand creates stream "s" in ON_DEMAND mode (setup, on the Fake).
func rsOnDemand(t *testing.T, h *rs) {
	t.Helper()
	_, err := h.f.CreateStream(h.ctx, &kinesis.CreateStreamInput{
		StreamName: aws.String("s"), StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}})
	require.NoError(t, err)
}

// rsOnDemandText is kinesisfake's text for a reshard of an ON_DEMAND stream.
func rsOnDemandText(op string) string {
	return op + " is only supported for streams in PROVISIONED capacity mode. Stream s under account " + rsAccount + " is in ON_DEMAND mode."
}

// rsErrCase is one refused request: its setup, the request, and the
// expected error (checked by check, which names the exception type).
type rsErrCase struct {
	name   string
	opts   []Option
	shards int
	setup  func(t *testing.T, h *rs)
	run    func(h *rs) error
	check  func(t *testing.T, err error)
}

// runRsErrCases runs every case through every door, each on a harness of
// its own.
func runRsErrCases(t *testing.T, cases []rsErrCase) {
	t.Helper()
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				h := rsFakeOn(t, door, tc.shards, tc.opts...)
				if tc.setup != nil {
					tc.setup(t, h)
				}
				tc.check(t, tc.run(h))
			})
		}
	})
}

func TestSplitShardErrors(t *testing.T) {
	const op = "SplitShard"
	splitShard0 := func(t *testing.T, h *rs) {
		require.NoError(t, h.split("shardId-000000000000", "1000"))
	}
	runRsErrCases(t, []rsErrCase{{
		name: "unparseable shard id is refused before the stream is looked up",
		run: func(h *rs) error {
			_, err := h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{
				StreamName: aws.String("nope"), ShardToSplit: aws.String("ABKLFD8"), NewStartingHashKey: aws.String("0")})
			return err
		},
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceNotFoundException](t, err, op, "Could not find shard ABKLFD8 in stream nope under account "+rsAccount+".")
		},
	}, {
		name: "missing stream",
		run: func(h *rs) error {
			_, err := h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{
				StreamName: aws.String("nope"), ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String("2")})
			return err
		},
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceNotFoundException](t, err, op, "Stream nope under account "+rsAccount+" not found.")
		},
	}, {
		name: "missing shard is named in canonical form", shards: 3,
		run: func(h *rs) error { return h.split("shardId-5", "2") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceNotFoundException](t, err, op, "Could not find shard shardId-000000000005 in stream s under account "+rsAccount+".")
		},
	}, {
		name: "key equal to the starting hash key", shards: 3,
		run: func(h *rs) error { return h.split("shardId-000000000000", "0") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.InvalidArgumentException](t, err, op, "NewStartingHashKey 0 used in SplitShard() on shard shardId-000000000000 in stream s under account "+rsAccount+
				" is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey "+rsEnd0+".")
		},
	}, {
		name: "key one above the starting hash key", shards: 3,
		run: func(h *rs) error { return h.split("shardId-000000000000", "1") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.InvalidArgumentException](t, err, op, "NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream s under account "+rsAccount+
				" is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey "+rsEnd0+".")
		},
	}, {
		name: "key equal to the ending hash key", shards: 3,
		run: func(h *rs) error { return h.split("shardId-000000000000", rsEnd0) },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.InvalidArgumentException](t, err, op, "NewStartingHashKey "+rsEnd0+" used in SplitShard() on shard shardId-000000000000 in stream s under account "+rsAccount+
				" is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey "+rsEnd0+".")
		},
	}, {
		name: "key in another shard's range", shards: 3,
		run: func(h *rs) error { return h.split("shardId-000000000001", "5") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.InvalidArgumentException](t, err, op, "NewStartingHashKey 5 used in SplitShard() on shard shardId-000000000001 in stream s under account "+rsAccount+
				" is not both greater than one plus the shard's StartingHashKey "+rsStart1+" and less than the shard's EndingHashKey "+rsEnd1+".")
		},
	}, {
		name: "key beyond 2^128-1", shards: 3,
		run: func(h *rs) error { return h.split("shardId-000000000002", strings.Repeat("9", 39)) },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.InvalidArgumentException](t, err, op, "NewStartingHashKey "+strings.Repeat("9", 39)+" used in SplitShard() on shard shardId-000000000002 in stream s under account "+rsAccount+
				" is not both greater than one plus the shard's StartingHashKey "+rsStart2+" and less than the shard's EndingHashKey "+rsMaxKey+".")
		},
	}, {
		name: "shard already split", shards: 3, setup: splitShard0,
		run: func(h *rs) error { return h.split("shardId-000000000000", "500") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.InvalidArgumentException](t, err, op, "Shard shardId-000000000000 in stream s under account "+rsAccount+
				" has already been merged or split, and thus is not eligible for merging or splitting.")
		},
	}, {
		name: "stream UPDATING after another split", shards: 3, opts: []Option{WithStateDelays(StateDelays{Update: time.Minute})}, setup: splitShard0,
		run: func(h *rs) error { return h.split("shardId-000000000001", rsMidKey) },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceInUseException](t, err, op, "Stream s under account "+rsAccount+" not ACTIVE, instead in state UPDATING")
		},
	}, {
		name: "stream CREATING", shards: 3, opts: []Option{WithStateDelays(StateDelays{Create: time.Minute})},
		run: func(h *rs) error { return h.split("shardId-000000000001", rsMidKey) },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceInUseException](t, err, op, "Stream s under account "+rsAccount+" not ACTIVE, instead in state CREATING")
		},
	}, {
		name: "ON_DEMAND stream", setup: rsOnDemand,
		run: func(h *rs) error { return h.split("shardId-000000000001", rsMidKey) },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ValidationException](t, err, op, rsOnDemandText(op))
		},
	}, {
		name: "account shard quota", shards: 3, opts: []Option{WithShardLimit(3)},
		run: func(h *rs) error { return h.split("shardId-000000000001", rsMidKey) },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.LimitExceededException](t, err, op, "This request would exceed the shard limit for the account "+rsAccount+" in us-east-1. "+
				"Current shard count for the account: 3. Limit: 3. Number of additional shards that would have resulted from this request: 1. "+
				"Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.")
		},
	}, {
		name: "closed shard aged out of retention", shards: 3,
		setup: func(t *testing.T, h *rs) {
			splitShard0(t, h)
			h.clk.Advance(24*time.Hour + time.Millisecond)
		},
		run: func(h *rs) error { return h.split("shardId-000000000000", "500") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceNotFoundException](t, err, op, "Could not find shard shardId-000000000000 in stream s under account "+rsAccount+".")
		},
	}})
}

func TestMergeShardsErrors(t *testing.T) {
	const op = "MergeShards"
	notAdjacent := func(a, b string) string {
		return "Shards " + a + " and " + b + " in stream s under account " + rsAccount + " are not an adjacent pair of shards eligible for merging"
	}
	closed := func(id string) string {
		return "Shard " + id + " in stream s under account " + rsAccount + " has already been merged or split, and thus is not eligible for merging or splitting."
	}
	runRsErrCases(t, []rsErrCase{{
		name: "shards not adjacent", shards: 3,
		run: func(h *rs) error { return h.merge("shardId-000000000000", "shardId-000000000002") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.InvalidArgumentException](t, err, op, notAdjacent("shardId-000000000000", "shardId-000000000002"))
		},
	}, {
		name: "adjacent pair named in the wrong order", shards: 3,
		run: func(h *rs) error { return h.merge("shardId-000000000001", "shardId-000000000000") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.InvalidArgumentException](t, err, op, notAdjacent("shardId-000000000001", "shardId-000000000000"))
		},
	}, {
		name: "a shard with itself", shards: 3,
		run: func(h *rs) error { return h.merge("shardId-1", "shardId-1") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.InvalidArgumentException](t, err, op, notAdjacent("shardId-000000000001", "shardId-000000000001"))
		},
	}, {
		name: "missing ShardToMerge", shards: 3,
		run: func(h *rs) error { return h.merge("shardId-5", "shardId-000000000000") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceNotFoundException](t, err, op, "Could not find shard shardId-000000000005 in stream s under account "+rsAccount+".")
		},
	}, {
		name: "missing AdjacentShardToMerge", shards: 3,
		run: func(h *rs) error { return h.merge("shardId-000000000000", "shardId-7") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceNotFoundException](t, err, op, "Could not find shard shardId-000000000007 in stream s under account "+rsAccount+".")
		},
	}, {
		name: "unparseable adjacent id is refused before the stream is looked up",
		run: func(h *rs) error {
			_, err := h.api.MergeShards(h.ctx, &kinesis.MergeShardsInput{
				StreamName: aws.String("nope"), ShardToMerge: aws.String("shardId-0"), AdjacentShardToMerge: aws.String("2.14E4")})
			return err
		},
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceNotFoundException](t, err, op, "Could not find shard 2.14E4 in stream nope under account "+rsAccount+".")
		},
	}, {
		name: "missing stream",
		run: func(h *rs) error {
			_, err := h.api.MergeShards(h.ctx, &kinesis.MergeShardsInput{
				StreamName: aws.String("nope"), ShardToMerge: aws.String("shardId-0"), AdjacentShardToMerge: aws.String("shardId-1")})
			return err
		},
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceNotFoundException](t, err, op, "Stream nope under account "+rsAccount+" not found.")
		},
	}, {
		name: "adjacent shard already merged", shards: 3,
		setup: func(t *testing.T, h *rs) {
			require.NoError(t, h.merge("shardId-000000000001", "shardId-000000000002"))
		},
		run: func(h *rs) error { return h.merge("shardId-000000000000", "shardId-000000000001") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.InvalidArgumentException](t, err, op, closed("shardId-000000000001"))
		},
	}, {
		name: "shard already split", shards: 3,
		setup: func(t *testing.T, h *rs) {
			require.NoError(t, h.split("shardId-000000000000", "1000"))
		},
		run: func(h *rs) error { return h.merge("shardId-000000000000", "shardId-000000000001") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.InvalidArgumentException](t, err, op, closed("shardId-000000000000"))
		},
	}, {
		name: "ON_DEMAND stream", setup: rsOnDemand,
		run: func(h *rs) error { return h.merge("shardId-000000000000", "shardId-000000000001") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ValidationException](t, err, op, rsOnDemandText(op))
		},
	}, {
		name: "stream UPDATING", shards: 3, opts: []Option{WithStateDelays(StateDelays{Update: time.Minute})},
		setup: func(t *testing.T, h *rs) {
			require.NoError(t, h.merge("shardId-000000000000", "shardId-000000000001"))
		},
		run: func(h *rs) error { return h.merge("shardId-000000000001", "shardId-000000000002") },
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceInUseException](t, err, op, "Stream s under account "+rsAccount+" not ACTIVE, instead in state UPDATING")
		},
	}})
}

func TestUpdateShardCountErrors(t *testing.T) {
	const op = "UpdateShardCount"
	update := func(target int32) func(h *rs) error {
		return func(h *rs) error { _, err := h.update(target); return err }
	}
	runRsErrCases(t, []rsErrCase{{
		name: "more than double", shards: 1, run: update(4),
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.LimitExceededException](t, err, op, "UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 1 Target shard count: 4")
		},
	}, {
		name: "less than half", shards: 6, run: update(2),
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.LimitExceededException](t, err, op, "UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: 6 Target shard count: 2")
		},
	}, {
		name: "less than half of an odd count", shards: 3, run: update(1),
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.LimitExceededException](t, err, op, "UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: 3 Target shard count: 1")
		},
	}, {
		name: "half counts the open shards only", shards: 2,
		setup: func(t *testing.T, h *rs) {
			// 2 shards, then 4 open (and 2 closed): 1 is below half of 4.
			_, err := h.update(4)
			require.NoError(t, err)
		},
		run: update(1),
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.LimitExceededException](t, err, op, "UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: 4 Target shard count: 1")
		},
	}, {
		name: "more than 10000 shards", shards: 5001, opts: []Option{WithShardLimit(20000)}, run: update(10001),
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.LimitExceededException](t, err, op, "Target shard count or number of open shards cannot be greater than 10000. Current open shard count: 5001 Target shard count: 10001")
		},
	}, {
		name: "account shard quota", shards: 2, opts: []Option{WithShardLimit(3)}, run: update(4),
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.LimitExceededException](t, err, op, "This request would exceed the shard limit for the account "+rsAccount+" in us-east-1. "+
				"Current shard count for the account: 2. Limit: 3. Number of additional shards that would have resulted from this request: 2. "+
				"Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.")
		},
	}, {
		name: "ON_DEMAND stream", setup: rsOnDemand, run: update(8),
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ValidationException](t, err, op, rsOnDemandText(op))
		},
	}, {
		name: "stream UPDATING", shards: 2, opts: []Option{WithStateDelays(StateDelays{Update: time.Minute})},
		setup: func(t *testing.T, h *rs) {
			_, err := h.update(3)
			require.NoError(t, err)
		},
		run: update(4),
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceInUseException](t, err, op, "Stream s under account "+rsAccount+" not ACTIVE, instead in state UPDATING")
		},
	}, {
		name: "missing stream", run: update(2),
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.ResourceNotFoundException](t, err, op, "Stream s under account "+rsAccount+" not found.")
		},
	}, {
		name: "eleventh call in 24 hours", shards: 1,
		setup: func(t *testing.T, h *rs) {
			for i := range 10 {
				_, err := h.update(int32(2 - i%2)) // 1 -> 2 -> 1 -> ...
				require.NoError(t, err, "call %d", i+1)
				h.clk.Advance(time.Hour)
			}
		},
		run: update(2),
		check: func(t *testing.T, err error) {
			rsCheckErr[*types.LimitExceededException](t, err, op, "Stream s under account "+rsAccount+" has already been scaled 10 times in the last 24 hours; UpdateShardCount allows at most 10 per rolling 24-hour period.")
		},
	}})
}

// TestUpdateShardCountRollingWindow shows that the 10 calls a day are a
// rolling window on the fake clock: a call becomes possible again exactly
// 24 hours after the oldest counted one, and refused calls do not count.
func TestUpdateShardCountRollingWindow(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := rsFakeOn(t, door, 1)
		for i := range 10 {
			_, err := h.update(int32(2 - i%2))
			require.NoError(t, err, "call %d", i+1)
			h.clk.Advance(time.Minute)
		}
		// The first call was at rsStart; the window reaches back 24 hours.
		h.clk.Set(rsStart.Add(24*time.Hour - time.Millisecond))
		_, err := h.update(2)
		var limit *types.LimitExceededException
		require.ErrorAs(t, err, &limit)

		h.clk.Set(rsStart.Add(24 * time.Hour))
		out, err := h.update(2)
		require.NoError(t, err)
		assert.Equal(t, int32(1), *out.CurrentShardCount)

		// The second call (rsStart + 1 min) still counts.
		_, err = h.update(1)
		require.ErrorAs(t, err, &limit)
	})
}

func TestSplitShardChildren(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range []struct {
			name   string
			shards int
			parent string
			key    string
			want   []rsShard
		}{{
			// The smallest split AWS allows, as its answers show: [0,1] and [2,max].
			name: "lowest key AWS allows", shards: 1, parent: "shardId-000000000000", key: "2",
			want: []rsShard{
				{ID: "shardId-000000000000", Start: "0", End: rsMaxKey, Closed: true},
				{ID: "shardId-000000000001", Parent: "shardId-000000000000", Start: "0", End: "1"},
				{ID: "shardId-000000000002", Parent: "shardId-000000000000", Start: "2", End: rsMaxKey},
			},
		}, {
			name: "highest key allowed, in a middle shard", shards: 3, parent: "shardId-1", key: "226854911280625642308916404954512140968",
			want: []rsShard{
				{ID: "shardId-000000000000", Start: "0", End: rsEnd0},
				{ID: "shardId-000000000001", Start: rsStart1, End: rsEnd1, Closed: true},
				{ID: "shardId-000000000002", Start: rsStart2, End: rsMaxKey},
				{ID: "shardId-000000000003", Parent: "shardId-000000000001", Start: rsStart1, End: "226854911280625642308916404954512140967"},
				{ID: "shardId-000000000004", Parent: "shardId-000000000001", Start: "226854911280625642308916404954512140968", End: rsEnd1},
			},
		}} {
			t.Run(tc.name, func(t *testing.T) {
				h := rsFakeOn(t, door, tc.shards)
				require.NoError(t, h.split(tc.parent, tc.key))
				assert.Equal(t, tc.want, h.list("s"))
				assert.Equal(t, types.StreamStatusActive, h.status("s"))
			})
		}
	})
}

func TestMergeShardsChild(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range []struct {
			name          string
			shard, adjoin string
			want          []rsShard
		}{{
			name: "first two", shard: "shardId-000000000000", adjoin: "shardId-000000000001",
			want: []rsShard{
				{ID: "shardId-000000000000", Start: "0", End: rsEnd0, Closed: true},
				{ID: "shardId-000000000001", Start: rsStart1, End: rsEnd1, Closed: true},
				{ID: "shardId-000000000002", Start: rsStart2, End: rsMaxKey},
				{ID: "shardId-000000000003", Parent: "shardId-000000000000", Adjacent: "shardId-000000000001", Start: "0", End: rsEnd1},
			},
		}, {
			name: "last two", shard: "shardId-1", adjoin: "shardId-2",
			want: []rsShard{
				{ID: "shardId-000000000000", Start: "0", End: rsEnd0},
				{ID: "shardId-000000000001", Start: rsStart1, End: rsEnd1, Closed: true},
				{ID: "shardId-000000000002", Start: rsStart2, End: rsMaxKey, Closed: true},
				{ID: "shardId-000000000003", Parent: "shardId-000000000001", Adjacent: "shardId-000000000002", Start: rsStart1, End: rsMaxKey},
			},
		}} {
			t.Run(tc.name, func(t *testing.T) {
				h := rsFakeOn(t, door, 3)
				require.NoError(t, h.merge(tc.shard, tc.adjoin))
				assert.Equal(t, tc.want, h.list("s"))
			})
		}
	})
}

// TestReshardChildCreationSeconds checks the creation seconds that the
// numbers of a split's or merge's children carry, against kinesalite's
// suite run against production (test/splitShard.js "should work with
// minimum hash", test/mergeShards.js "should work with standard merge"):
// the parents' EndingSequenceNumber seconds plus 1000 ms, shared by both
// children of a split, and a record put in a child carries no earlier
// seconds than the child's. A second reshard within the same second still
// gets seconds of its own.
func TestReshardChildCreationSeconds(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range []struct {
			name     string
			shards   int
			reshard  func(h *rs) error
			parents  []string
			children []string
			wantSecs int64  // the children's creation seconds after the parents' end seconds
			putKey   string // a hash key of the last child
		}{{
			name: "split", shards: 1,
			reshard:  func(h *rs) error { return h.split("shardId-000000000000", "2") },
			parents:  []string{"shardId-000000000000"},
			children: []string{"shardId-000000000001", "shardId-000000000002"},
			wantSecs: 1, putKey: rsMaxKey,
		}, {
			name: "merge", shards: 3,
			reshard:  func(h *rs) error { return h.merge("shardId-000000000000", "shardId-000000000001") },
			parents:  []string{"shardId-000000000000", "shardId-000000000001"},
			children: []string{"shardId-000000000003"},
			wantSecs: 1, putKey: "0",
		}, {
			name: "a split's child split again in the same second", shards: 1,
			reshard: func(h *rs) error {
				if err := h.split("shardId-000000000000", "2"); err != nil {
					return err
				}
				return h.split("shardId-000000000002", "4")
			},
			parents:  []string{"shardId-000000000002"},
			children: []string{"shardId-000000000003", "shardId-000000000004"},
			wantSecs: 2, putKey: rsMaxKey, // the end + 1 went to the first split's children
		}} {
			t.Run(tc.name, func(t *testing.T) {
				h := rsFakeOn(t, door, tc.shards)
				h.clk.Advance(time.Minute) // the stream's own creation second is long past
				require.NoError(t, tc.reshard(h))
				out, err := h.api.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
				require.NoError(t, err)
				byID := map[string]types.Shard{}
				for _, sh := range out.StreamDescription.Shards {
					byID[*sh.ShardId] = sh
				}
				endSecs := must(parseSeqNum(*byID[tc.parents[0]].SequenceNumberRange.EndingSequenceNumber)).secs
				for _, id := range tc.parents {
					assert.Equal(t, endSecs, must(parseSeqNum(*byID[id].SequenceNumberRange.EndingSequenceNumber)).secs, id)
				}
				for _, id := range tc.children {
					start := must(parseSeqNum(*byID[id].SequenceNumberRange.StartingSequenceNumber))
					assert.Equal(t, endSecs+tc.wantSecs, start.created, "%s: 1000 ms after the parents' end", id)
					assert.Equal(t, start.created, start.secs, id)
				}
				// The clock is still in the parents' end second: the record
				// takes the child's creation seconds, in PutRecord's answer
				// and in GetRecords'.
				shard, seq := h.put(tc.putKey, "x")
				assert.Equal(t, tc.children[len(tc.children)-1], shard)
				n := must(parseSeqNum(seq))
				assert.Equal(t, endSecs+tc.wantSecs, n.created)
				assert.Equal(t, n.created, n.secs, "the record's seconds")
				recs := h.f.Records("s", shard)
				require.Len(t, recs, 1)
				assert.Equal(t, seq, *recs[0].SequenceNumber)
			})
		}
	})
}

// TestUpdateShardCountLayout checks that UpdateShardCount leaves exactly
// CreateStream's layout for the target count where AWS's shard counts allow
// equal shards, reached by valid splits and merges: every split child lies
// inside its one parent and the two children partition it; every merge child
// is exactly its two adjacent parents; and every new open shard descends from
// exactly the old open shards its range overlaps.
func TestUpdateShardCountLayout(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range []struct {
			name     string
			from, to int
			before   func(t *testing.T, h *rs) // reshapes the stream first
			// splits is how many splits AWS's shard counts call for (see
			// TestUpdateShardCountAWSTotals): scaling up, one per open shard;
			// scaling down, 2*to-from where from-to divides to, else none. Each
			// split uses two shard ids; then each new shard made of k pieces
			// takes k-1 merges of one id each, (open+splits)-target in all.
			splits int
			// uneven: those counts leave no room for equal shards, so the
			// open shards are not CreateStream's layout.
			uneven bool
		}{
			{name: "1 to 2", from: 1, to: 2, splits: 1},
			{name: "2 to 4", from: 2, to: 4, splits: 2},
			{name: "2 to 3", from: 2, to: 3, splits: 2},
			{name: "3 to 5", from: 3, to: 5, splits: 3, uneven: true},
			{name: "4 to 2", from: 4, to: 2, splits: 0},
			{name: "3 to 2", from: 3, to: 2, splits: 1},
			{name: "5 to 3", from: 5, to: 3, splits: 0, uneven: true},
			{name: "3 to 3 changes nothing", from: 3, to: 3, splits: 0},
			{name: "7 to 13", from: 7, to: 13, splits: 7, uneven: true},
			{name: "uneven shards to 2", from: 1, to: 2, splits: 1,
				before: func(t *testing.T, h *rs) {
					// [0, 2^127+9] and [2^127+10, max] after a split, then the
					// lower one split again: three uneven open shards.
					require.NoError(t, h.split("shardId-0", "170141183460469231731687303715884105738"))
					require.NoError(t, h.split("shardId-1", "1000"))
				}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				h := rsFakeOn(t, door, tc.from)
				if tc.before != nil {
					tc.before(t, h)
				}
				before := h.list("s")
				oldOpen := rsOpen(before)

				out, err := h.update(int32(tc.to))
				require.NoError(t, err)
				out.ResultMetadata = middleware.Metadata{} // the real client's, empty on the direct door
				assert.Equal(t, &kinesis.UpdateShardCountOutput{
					CurrentShardCount: aws.Int32(int32(len(oldOpen))),
					TargetShardCount:  aws.Int32(int32(tc.to)),
					StreamName:        aws.String("s"),
					StreamARN:         aws.String("arn:aws:kinesis:us-east-1:" + rsAccount + ":stream/s"),
				}, out)
				assert.Equal(t, types.StreamStatusActive, h.status("s"))

				after := h.list("s")
				newIDs := 2*tc.splits + len(oldOpen) + tc.splits - tc.to
				assert.Len(t, after, len(before)+newIDs, "shard ids used")
				var wantRanges, gotRanges [][2]string
				for _, r := range evenHashRanges(tc.to) {
					wantRanges = append(wantRanges, [2]string{r.start.String(), r.end.String()})
				}
				for _, sh := range rsOpen(after) {
					gotRanges = append(gotRanges, [2]string{sh.Start, sh.End})
				}
				// Listings go by shard id; compare in hash-key order.
				slices.SortFunc(gotRanges, func(a, b [2]string) int { return rsBig(t, a[0]).Cmp(rsBig(t, b[0])) })
				if tc.uneven {
					assert.Len(t, gotRanges, tc.to, "open shards")
				} else {
					assert.Equal(t, wantRanges, gotRanges, "open shards")
				}
				rsCheckLineage(t, after, oldOpen, true)
			})
		}
	})
}

// rsCheckLineage checks that a listing's lineage is made of valid splits and
// merges, and that each open shard descends from every shard of roots whose
// range it overlaps. With exact, it descends from no other root: true of a
// single reshard, while over several generations a merge followed by a split
// gives a child ancestors beyond its own range.
func rsCheckLineage(t *testing.T, shards []rsShard, roots []rsShard, exact bool) {
	t.Helper()
	byID := map[string]rsShard{}
	children := map[string][]rsShard{}
	for _, sh := range shards {
		byID[sh.ID] = sh
		for _, p := range []string{sh.Parent, sh.Adjacent} {
			if p != "" {
				children[p] = append(children[p], sh)
			}
		}
	}
	lo := func(sh rsShard) *big.Int { return rsBig(t, sh.Start) }
	hi := func(sh rsShard) *big.Int { return rsBig(t, sh.End) }
	one := big.NewInt(1)
	for _, sh := range shards {
		switch {
		case sh.Adjacent != "":
			p, a := byID[sh.Parent], byID[sh.Adjacent]
			assert.Zero(t, new(big.Int).Add(hi(p), one).Cmp(lo(a)), "%s: parents %s and %s not adjacent", sh.ID, p.ID, a.ID)
			assert.Equal(t, [2]string{p.Start, a.End}, [2]string{sh.Start, sh.End}, "%s: merge of %s and %s", sh.ID, p.ID, a.ID)
		case sh.Parent != "":
			p := byID[sh.Parent]
			kids := children[p.ID]
			require.Len(t, kids, 2, "split of %s", p.ID)
			assert.Equal(t, [2]string{p.Start, p.End}, [2]string{kids[0].Start, kids[1].End}, "split of %s", p.ID)
			assert.Zero(t, new(big.Int).Add(hi(kids[0]), one).Cmp(lo(kids[1])), "split of %s", p.ID)
		}
		if sh.Closed {
			assert.NotEmpty(t, children[sh.ID], "closed shard %s has no children", sh.ID)
		}
	}

	// Every open shard's ancestors among roots are the roots whose ranges
	// overlap it. Across generations a root can be reached along several
	// paths (split, then the pieces merged back), so ancestors are sets,
	// memoized per shard.
	isRoot := map[string]bool{}
	for _, r := range roots {
		isRoot[r.ID] = true
	}
	memo := map[string][]string{}
	var rootsOf func(id string) []string
	rootsOf = func(id string) []string {
		if isRoot[id] {
			return []string{id}
		}
		if got, ok := memo[id]; ok {
			return got
		}
		var out []string
		for _, p := range []string{byID[id].Parent, byID[id].Adjacent} {
			if p == "" {
				continue
			}
			for _, r := range rootsOf(p) {
				if !slices.Contains(out, r) {
					out = append(out, r)
				}
			}
		}
		memo[id] = out
		return out
	}
	for _, sh := range rsOpen(shards) {
		ancestors := rootsOf(sh.ID)
		var overlapping []string
		for _, r := range roots {
			if lo(r).Cmp(hi(sh)) <= 0 && lo(sh).Cmp(hi(r)) <= 0 {
				overlapping = append(overlapping, r.ID)
			}
		}
		if exact {
			assert.ElementsMatch(t, overlapping, ancestors, "ancestors of %s", sh.ID)
		} else {
			assert.Subset(t, ancestors, overlapping, "ancestors of %s", sh.ID)
		}
	}
}

// TestPutsDuringUpdating shows a reshard taking effect at the end of the
// Update delay: until then the stream is UPDATING, the parents are open and
// take the puts, and the children are not listed; from then on the parents
// are closed, the children take the puts with higher sequence numbers, and a
// reader of a parent finds the way on in ChildShards.
func TestPutsDuringUpdating(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		const (
			lowKey  = "5"                                       // in shard 0 of 1 or 2
			highKey = "200000000000000000000000000000000000000" // in shard 0 of 1, shard 1 of 2
		)
		for _, tc := range []struct {
			name        string
			shards      int
			reshard     func(h *rs) error
			key         string             // a hash key the test puts at
			parent      string             // the shard key goes to before
			child       string             // and after
			childShards []types.ChildShard // what the parent's end reports
		}{{
			name: "SplitShard", shards: 1, key: highKey, parent: "shardId-000000000000", child: "shardId-000000000002",
			reshard: func(h *rs) error { return h.split("shardId-000000000000", rsMidKey) },
			childShards: []types.ChildShard{
				{ShardId: aws.String("shardId-000000000001"), ParentShards: []string{"shardId-000000000000"},
					HashKeyRange: &types.HashKeyRange{StartingHashKey: aws.String("0"), EndingHashKey: aws.String(rsMidKeyMinus1)}},
				{ShardId: aws.String("shardId-000000000002"), ParentShards: []string{"shardId-000000000000"},
					HashKeyRange: &types.HashKeyRange{StartingHashKey: aws.String(rsMidKey), EndingHashKey: aws.String(rsMaxKey)}},
			},
		}, {
			name: "MergeShards", shards: 2, key: highKey, parent: "shardId-000000000001", child: "shardId-000000000002",
			reshard: func(h *rs) error { return h.merge("shardId-000000000000", "shardId-000000000001") },
			childShards: []types.ChildShard{
				{ShardId: aws.String("shardId-000000000002"), ParentShards: []string{"shardId-000000000000", "shardId-000000000001"},
					HashKeyRange: &types.HashKeyRange{StartingHashKey: aws.String("0"), EndingHashKey: aws.String(rsMaxKey)}},
			},
		}, {
			name: "UpdateShardCount", shards: 1, key: lowKey, parent: "shardId-000000000000", child: "shardId-000000000001",
			reshard: func(h *rs) error { _, err := h.update(2); return err },
			childShards: []types.ChildShard{
				{ShardId: aws.String("shardId-000000000001"), ParentShards: []string{"shardId-000000000000"},
					HashKeyRange: &types.HashKeyRange{StartingHashKey: aws.String("0"), EndingHashKey: aws.String(rsMidKeyMinus1)}},
				{ShardId: aws.String("shardId-000000000002"), ParentShards: []string{"shardId-000000000000"},
					HashKeyRange: &types.HashKeyRange{StartingHashKey: aws.String(rsMidKey), EndingHashKey: aws.String(rsMaxKey)}},
			},
		}} {
			t.Run(tc.name, func(t *testing.T) {
				h := rsFakeOn(t, door, tc.shards, WithStateDelays(StateDelays{Update: time.Minute}))
				before := h.list("s")
				shard, seqA := h.put(tc.key, "a")
				require.Equal(t, tc.parent, shard)

				require.NoError(t, tc.reshard(h))
				assert.Equal(t, types.StreamStatusUpdating, h.status("s"))
				assert.Equal(t, before, h.list("s"), "nothing changes while UPDATING")
				shard, _ = h.put(tc.key, "b")
				assert.Equal(t, tc.parent, shard)
				h.clk.Advance(time.Minute - time.Millisecond)
				shard, seqC := h.put(tc.key, "c")
				assert.Equal(t, tc.parent, shard)
				assert.Equal(t, types.StreamStatusUpdating, h.status("s"))

				h.clk.Advance(time.Millisecond)
				assert.Equal(t, types.StreamStatusActive, h.status("s"))
				shard, seqD := h.put(tc.key, "d")
				assert.Equal(t, tc.child, shard)
				assert.Positive(t, rsBig(t, seqD).Cmp(rsBig(t, seqC)), "child's numbers sort above the parent's")
				assert.Positive(t, rsBig(t, seqC).Cmp(rsBig(t, seqA)))
				for _, sh := range h.list("s") {
					if sh.ID == tc.parent {
						assert.True(t, sh.Closed, "parent closed")
					}
				}

				// The parent reads to its end, then points at the child.
				it, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"),
					ShardId: aws.String(tc.parent), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
				require.NoError(t, err)
				got, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
				require.NoError(t, err)
				assert.Equal(t, []string{"a", "b", "c"}, rsData(got.Records))
				assert.Nil(t, got.NextShardIterator)
				assert.Empty(t, cmp.Diff(tc.childShards, got.ChildShards,
					cmpopts.IgnoreUnexported(types.ChildShard{}, types.HashKeyRange{})))

				it, err = h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"),
					ShardId: aws.String(tc.child), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
				require.NoError(t, err)
				got, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
				require.NoError(t, err)
				assert.Equal(t, []string{"d"}, rsData(got.Records))
				assert.NotNil(t, got.NextShardIterator)
				assert.Empty(t, got.ChildShards)
			})
		}
	})
}

// rsData is the data of records, as strings.
func rsData(recs []types.Record) []string {
	out := []string{}
	for _, r := range recs {
		out = append(out, string(r.Data))
	}
	return out
}

// TestClosedShardAfterReshard checks what a closed shard still offers: an
// EndingSequenceNumber, iterators of every kind, and the refusal of
// AFTER_SEQUENCE_NUMBER at its EndingSequenceNumber.
func TestClosedShardAfterReshard(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := rsFakeOn(t, door, 2)
		_, seq := h.put("5", "x")
		require.NoError(t, h.merge("shardId-000000000000", "shardId-000000000001"))

		out, err := h.api.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		require.Len(t, out.Shards, 3)
		parent := out.Shards[0]
		require.NotNil(t, parent.SequenceNumberRange.EndingSequenceNumber)
		ending := *parent.SequenceNumberRange.EndingSequenceNumber
		assert.Len(t, ending, 56)
		assert.Positive(t, rsBig(t, ending).Cmp(rsBig(t, seq)))
		assert.Nil(t, out.Shards[2].SequenceNumberRange.EndingSequenceNumber)

		for _, typ := range []types.ShardIteratorType{types.ShardIteratorTypeTrimHorizon, types.ShardIteratorTypeLatest, types.ShardIteratorTypeAtSequenceNumber} {
			in := &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: typ}
			if typ == types.ShardIteratorTypeAtSequenceNumber {
				in.StartingSequenceNumber = aws.String(seq)
			}
			it, err := h.api.GetShardIterator(h.ctx, in)
			require.NoError(t, err, typ)
			got, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
			require.NoError(t, err, typ)
			assert.Nil(t, got.NextShardIterator, typ)
			require.Len(t, got.ChildShards, 1, typ)
			assert.Equal(t, []string{"shardId-000000000000", "shardId-000000000001"}, got.ChildShards[0].ParentShards, typ)
		}

		_, err = h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"),
			ShardIteratorType: types.ShardIteratorTypeAfterSequenceNumber, StartingSequenceNumber: aws.String(ending)})
		rsCheckErr[*types.InvalidArgumentException](t, err, "GetShardIterator",
			"Invalid SequenceNumber for ShardIteratorType AFTER_SEQUENCE_NUMBER, SequenceNumber has reached max possible value for the shard.")
	})
}

// TestClosedShardsAgeOut shows closed shards staying listed and readable
// for the retention period after they closed, and gone after it.
func TestClosedShardsAgeOut(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := rsFakeOn(t, door, 1)
		require.NoError(t, h.split("shardId-000000000000", rsMidKey))
		ids := func() []string {
			var out []string
			for _, sh := range h.list("s") {
				out = append(out, sh.ID)
			}
			return out
		}
		iterator := func() error {
			_, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"),
				ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
			return err
		}

		h.clk.Advance(24 * time.Hour)
		assert.Equal(t, []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002"}, ids())
		require.NoError(t, iterator())

		h.clk.Advance(time.Millisecond)
		assert.Equal(t, []string{"shardId-000000000001", "shardId-000000000002"}, ids())
		rsCheckErr[*types.ResourceNotFoundException](t, iterator(), "GetShardIterator",
			"Shard shardId-000000000000 in stream s under account "+rsAccount+" does not exist")

		// A longer retention keeps a closed shard longer.
		require.NoError(t, h.split("shardId-000000000001", "1000"))
		_, err := h.api.IncreaseStreamRetentionPeriod(h.ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: aws.String("s"), RetentionPeriodHours: aws.Int32(48)})
		require.NoError(t, err)
		h.clk.Advance(47 * time.Hour)
		assert.Contains(t, ids(), "shardId-000000000001")
		h.clk.Advance(time.Hour + time.Millisecond)
		assert.NotContains(t, ids(), "shardId-000000000001")
	})
}

// TestReshardAtTheUnixEpoch covers a manual clock at time 0, an instant
// like any other: the changes take effect at once, and a second reshard in
// the same millisecond builds on the first.
func TestReshardAtTheUnixEpoch(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := &rs{newHarnessAt(t, time.Unix(0, 0), door)}
		h.f.CreateStreamT(t, "s", 1)
		require.NoError(t, h.split("shardId-000000000000", rsMidKey))
		_, err := h.update(3)
		require.NoError(t, err)
		shard, _ := h.put("5", "at the epoch")
		assert.NotEqual(t, "shardId-000000000000", shard, "the closed shard takes no records")

		var got [][2]string
		for _, sh := range rsOpen(h.list("s")) {
			got = append(got, [2]string{sh.Start, sh.End})
		}
		slices.SortFunc(got, func(a, b [2]string) int { return rsBig(t, a[0]).Cmp(rsBig(t, b[0])) })
		var want [][2]string
		for _, r := range evenHashRanges(3) {
			want = append(want, [2]string{r.start.String(), r.end.String()})
		}
		assert.Equal(t, want, got)
		rsCheckLineage(t, h.list("s"), []rsShard{{ID: "shardId-000000000000", Start: "0", End: rsMaxKey}}, false)
	})
}
