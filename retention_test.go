package kinesisfake

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ctlRetention reports the stream's RetentionPeriodHours as
// DescribeStreamSummary through api shows it.
func ctlRetention(t *testing.T, api KinesisAPI, name string) int32 {
	t.Helper()
	out, err := api.DescribeStreamSummary(context.Background(), &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	require.NoError(t, err)
	return aws.ToInt32(out.StreamDescriptionSummary.RetentionPeriodHours)
}

func ctlIncrease(api KinesisAPI, name string, hours int32) error {
	_, err := api.IncreaseStreamRetentionPeriod(context.Background(), &kinesis.IncreaseStreamRetentionPeriodInput{
		StreamName: aws.String(name), RetentionPeriodHours: aws.Int32(hours),
	})
	return err
}

func ctlDecrease(api KinesisAPI, name string, hours int32) error {
	_, err := api.DecreaseStreamRetentionPeriod(context.Background(), &kinesis.DecreaseStreamRetentionPeriodInput{
		StreamName: aws.String(name), RetentionPeriodHours: aws.Int32(hours),
	})
	return err
}

func TestRetentionChanges(t *testing.T) {
	tests := []struct {
		name      string
		start     int32 // retention before the call (reached by increasing)
		increase  bool
		hours     int32
		wantHours int32 // after a successful call
	}{
		{name: "increase", start: 24, increase: true, hours: 48, wantHours: 48},
		{name: "increase to the maximum", start: 24, increase: true, hours: 8760, wantHours: 8760},
		{name: "increase to the same", start: 48, increase: true, hours: 48, wantHours: 48},
		{name: "decrease", start: 168, hours: 72, wantHours: 72},
		{name: "decrease to the minimum", start: 168, hours: 24, wantHours: 24},
		{name: "decrease to the same", start: 24, hours: 24, wantHours: 24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forDoors(t, func(t *testing.T, door testDoor) {
				api := ctlNewFakeOn(t, door).api
				ctlCreate(t, api, "s", 1)
				if tt.start != 24 {
					require.NoError(t, ctlIncrease(api, "s", tt.start))
				}
				if tt.increase {
					require.NoError(t, ctlIncrease(api, "s", tt.hours))
				} else {
					require.NoError(t, ctlDecrease(api, "s", tt.hours))
				}
				assert.Equal(t, tt.wantHours, ctlRetention(t, api, "s"))
			})
		})
	}
}

func TestRetentionErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		slow := ctlNewFakeOn(t, door, WithStateDelays(StateDelays{Create: time.Minute})).api
		ctlCreate(t, slow, "creating", 1)
		api := ctlNewFakeOn(t, door).api
		ctlCreate(t, api, "s", 1)
		require.NoError(t, ctlIncrease(api, "s", 48))

		tests := []struct {
			name  string
			call  func() error
			check func(t *testing.T, err error)
		}{{
			name: "increase below the minimum",
			call: func() error { return ctlIncrease(api, "s", 23) },
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.")
			},
		}, {
			name: "decrease below the minimum",
			call: func() error { return ctlDecrease(api, "s", 1) },
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "Minimum allowed retention period is 24 hours. Requested retention period (1 hours) is too short.")
			},
		}, {
			name: "increase above the maximum",
			call: func() error { return ctlIncrease(api, "s", 8761) },
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.")
			},
		}, {
			name: "increase that is a decrease",
			call: func() error { return ctlIncrease(api, "s", 24) },
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "Requested retention period (24 hours) for stream s can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.")
			},
		}, {
			name: "decrease that is an increase",
			call: func() error { return ctlDecrease(api, "s", 72) },
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "Requested retention period (72 hours) for stream s can not be longer than existing retention period (48 hours). Use IncreaseRetentionPeriod API.")
			},
		}, {
			name: "missing stream",
			call: func() error { return ctlIncrease(api, "nope", 48) },
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.ResourceNotFoundException](t, err, "Stream nope under account 000000000000 not found.")
			},
		}, {
			name: "stream still creating",
			call: func() error { return ctlIncrease(slow, "creating", 48) },
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.ResourceInUseException](t, err, "Stream creating under account 000000000000 not ACTIVE, instead in state CREATING")
			},
		}}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.check(t, tt.call())
			})
		}
		assert.Equal(t, int32(48), ctlRetention(t, api, "s"), "failed calls change nothing")
	})
}

// ctlPut writes one record to the stream through api.
func ctlPut(t *testing.T, api KinesisAPI, streamName, data string) {
	t.Helper()
	_, err := api.PutRecord(context.Background(), &kinesis.PutRecordInput{
		StreamName: aws.String(streamName), PartitionKey: aws.String("k"), Data: []byte(data),
	})
	require.NoError(t, err)
}

// ctlReadAll reads shard 0 from TRIM_HORIZON through api, as a consumer
// would, and returns the records' data.
func ctlReadAll(t *testing.T, api KinesisAPI, streamName string) []string {
	t.Helper()
	out, err := api.GetRecords(context.Background(), &kinesis.GetRecordsInput{ShardIterator: aws.String(ctlIterator(t, api, streamName))})
	require.NoError(t, err)
	data := []string{}
	for _, r := range out.Records {
		data = append(data, string(r.Data))
	}
	return data
}

func TestRetentionDecreaseHidesOlderRecordsAtOnce(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctlCreate(t, h.api, "s", 1)
		require.NoError(t, ctlIncrease(h.api, "s", 48))
		ctlPut(t, h.api, "s", "old")
		h.clk.Advance(30 * time.Hour)
		ctlPut(t, h.api, "s", "new")
		require.Equal(t, []string{"old", "new"}, ctlReadAll(t, h.api, "s"))

		require.NoError(t, ctlDecrease(h.api, "s", 24))
		assert.Equal(t, []string{"new"}, ctlReadAll(t, h.api, "s"))
		assert.Len(t, h.f.Records("s", "shardId-000000000000"), 1)
	})
}

func TestRetentionIncreaseDoesNotBringBackRecords(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctlCreate(t, h.api, "s", 1)
		ctlPut(t, h.api, "s", "old")
		h.clk.Advance(2 * time.Hour)
		ctlPut(t, h.api, "s", "younger")
		// "old" is now past the 24-hour retention, but nothing has read or
		// written the shard since, so it is still in memory.
		h.clk.Advance(23 * time.Hour)

		require.NoError(t, ctlIncrease(h.api, "s", 48))
		assert.Equal(t, []string{"younger"}, ctlReadAll(t, h.api, "s"))

		// The longer retention holds what was still retained.
		h.clk.Advance(20 * time.Hour)
		assert.Equal(t, []string{"younger"}, ctlReadAll(t, h.api, "s"))
	})
}

func TestRetentionByARN(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctlCreate(t, h.api, "s", 1)
		_, err := h.api.IncreaseStreamRetentionPeriod(h.ctx, &kinesis.IncreaseStreamRetentionPeriodInput{
			StreamARN: aws.String(h.f.streamARN("s")), RetentionPeriodHours: aws.Int32(100),
		})
		require.NoError(t, err)
		assert.Equal(t, int32(100), ctlRetention(t, h.api, "s"))
	})
}

// TestControlPlaneConcurrency runs retention changes, tagging and listings
// against producers and a consumer, so that -race checks the lock
// discipline: stream metadata under Fake.mu, records under each shard's
// mutex, taken in that order.
func TestControlPlaneConcurrency(t *testing.T) {
	f, clk := ctlNewFake(t)
	ctx := context.Background()
	ctlCreate(t, f, "s", 4)
	done := make(chan struct{})
	var wg sync.WaitGroup
	run := func(fn func(i int) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				if err := fn(i); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	run(func(i int) error {
		_, err := f.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String(fmt.Sprint(i)), Data: []byte("x")})
		return err
	})
	run(func(int) error {
		it, err := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
			StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
		})
		if err != nil {
			return err
		}
		_, err = f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		// The clock races ahead in another goroutine, so the iterator may
		// well have expired by now.
		var expired *types.ExpiredIteratorException
		if errors.As(err, &expired) {
			return nil
		}
		return err
	})
	run(func(i int) error {
		clk.Advance(time.Hour)
		if i%2 == 0 {
			return ctlIncrease(f, "s", 48)
		}
		return ctlDecrease(f, "s", 24)
	})
	run(func(i int) error {
		_, err := f.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("s"), Tags: map[string]string{fmt.Sprint(i % 40): "v"}})
		return err
	})
	run(func(int) error {
		if _, err := f.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s")}); err != nil {
			return err
		}
		if _, err := f.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")}); err != nil {
			return err
		}
		if _, err := f.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String("s")}); err != nil {
			return err
		}
		_, err := f.ListStreams(ctx, &kinesis.ListStreamsInput{})
		return err
	})
	time.Sleep(200 * time.Millisecond)
	close(done)
	wg.Wait()
}

// TestRetentionIncreaseDoesNotBringBackAgedOutShards: a closed shard that
// passed retention stays unlisted after the retention period grows, as its
// records stay gone.
func TestRetentionIncreaseDoesNotBringBackAgedOutShards(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newHarnessAt(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), door)
		ctx, clk := h.ctx, h.clk
		h.f.CreateStreamT(t, "s", 1)
		_, err := h.api.SplitShard(ctx, &kinesis.SplitShardInput{
			StreamName: aws.String("s"), ShardToSplit: aws.String("shardId-000000000000"),
			NewStartingHashKey: aws.String("170141183460469231731687303715884105728"),
		})
		require.NoError(t, err)
		listed := func() []string {
			out, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s")})
			require.NoError(t, err)
			var ids []string
			for _, sh := range out.Shards {
				ids = append(ids, *sh.ShardId)
			}
			return ids
		}
		require.Equal(t, []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002"}, listed())

		clk.Advance(24*time.Hour + time.Millisecond)
		require.Equal(t, []string{"shardId-000000000001", "shardId-000000000002"}, listed(), "the parent aged out")

		_, err = h.api.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: aws.String("s"), RetentionPeriodHours: aws.Int32(48)})
		require.NoError(t, err)
		assert.Equal(t, []string{"shardId-000000000001", "shardId-000000000002"}, listed(), "an increase does not bring the parent back")
	})
}
