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

// ctlRetention reports the stream's RetentionPeriodHours as DescribeStream
// shows it.
func ctlRetention(t *testing.T, f *Fake, name string) int32 {
	t.Helper()
	out, err := f.DescribeStreamSummary(context.Background(), &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	require.NoError(t, err)
	return aws.ToInt32(out.StreamDescriptionSummary.RetentionPeriodHours)
}

func ctlIncrease(f *Fake, name string, hours int32) error {
	_, err := f.IncreaseStreamRetentionPeriod(context.Background(), &kinesis.IncreaseStreamRetentionPeriodInput{
		StreamName: aws.String(name), RetentionPeriodHours: aws.Int32(hours),
	})
	return err
}

func ctlDecrease(f *Fake, name string, hours int32) error {
	_, err := f.DecreaseStreamRetentionPeriod(context.Background(), &kinesis.DecreaseStreamRetentionPeriodInput{
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
			f, _ := ctlNewFake(t)
			ctlCreate(t, f, "s", 1)
			if tt.start != 24 {
				require.NoError(t, ctlIncrease(f, "s", tt.start))
			}
			if tt.increase {
				require.NoError(t, ctlIncrease(f, "s", tt.hours))
			} else {
				require.NoError(t, ctlDecrease(f, "s", tt.hours))
			}
			assert.Equal(t, tt.wantHours, ctlRetention(t, f, "s"))
		})
	}
}

func TestRetentionErrors(t *testing.T) {
	f, _ := ctlNewFake(t, WithStateDelays(StateDelays{Create: time.Minute}))
	ctlCreate(t, f, "creating", 1)
	f2, _ := ctlNewFake(t)
	ctlCreate(t, f2, "s", 1)
	require.NoError(t, ctlIncrease(f2, "s", 48))

	tests := []struct {
		name  string
		call  func() error
		check func(t *testing.T, err error)
	}{{
		name: "increase below the minimum",
		call: func() error { return ctlIncrease(f2, "s", 23) },
		check: func(t *testing.T, err error) {
			ctlAssertErr[types.InvalidArgumentException](t, err, "Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.")
		},
	}, {
		name: "decrease below the minimum",
		call: func() error { return ctlDecrease(f2, "s", 1) },
		check: func(t *testing.T, err error) {
			ctlAssertErr[types.InvalidArgumentException](t, err, "Minimum allowed retention period is 24 hours. Requested retention period (1 hours) is too short.")
		},
	}, {
		name: "increase above the maximum",
		call: func() error { return ctlIncrease(f2, "s", 8761) },
		check: func(t *testing.T, err error) {
			ctlAssertErr[types.InvalidArgumentException](t, err, "Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.")
		},
	}, {
		name: "increase that is a decrease",
		call: func() error { return ctlIncrease(f2, "s", 24) },
		check: func(t *testing.T, err error) {
			ctlAssertErr[types.InvalidArgumentException](t, err, "Requested retention period (24 hours) for stream s can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.")
		},
	}, {
		name: "decrease that is an increase",
		call: func() error { return ctlDecrease(f2, "s", 72) },
		check: func(t *testing.T, err error) {
			ctlAssertErr[types.InvalidArgumentException](t, err, "Requested retention period (72 hours) for stream s can not be longer than existing retention period (48 hours). Use IncreaseRetentionPeriod API.")
		},
	}, {
		name: "missing stream",
		call: func() error { return ctlIncrease(f2, "nope", 48) },
		check: func(t *testing.T, err error) {
			ctlAssertErr[types.ResourceNotFoundException](t, err, "Stream nope under account 000000000000 not found.")
		},
	}, {
		name: "stream still creating",
		call: func() error { return ctlIncrease(f, "creating", 48) },
		check: func(t *testing.T, err error) {
			ctlAssertErr[types.ResourceInUseException](t, err, "Stream creating under account 000000000000 not ACTIVE, instead in state CREATING")
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, tt.call())
		})
	}
	assert.Equal(t, int32(48), ctlRetention(t, f2, "s"), "failed calls change nothing")
}

// ctlPut writes one record to the stream.
func ctlPut(t *testing.T, f *Fake, streamName, data string) {
	t.Helper()
	_, err := f.PutRecord(context.Background(), &kinesis.PutRecordInput{
		StreamName: aws.String(streamName), PartitionKey: aws.String("k"), Data: []byte(data),
	})
	require.NoError(t, err)
}

// ctlReadAll reads shard 0 from TRIM_HORIZON, as a consumer would, and
// returns the records' data.
func ctlReadAll(t *testing.T, f *Fake, streamName string) []string {
	t.Helper()
	out, err := f.GetRecords(context.Background(), &kinesis.GetRecordsInput{ShardIterator: aws.String(ctlIterator(t, f, streamName))})
	require.NoError(t, err)
	data := []string{}
	for _, r := range out.Records {
		data = append(data, string(r.Data))
	}
	return data
}

func TestRetentionDecreaseHidesOlderRecordsAtOnce(t *testing.T) {
	f, clk := ctlNewFake(t)
	ctlCreate(t, f, "s", 1)
	require.NoError(t, ctlIncrease(f, "s", 48))
	ctlPut(t, f, "s", "old")
	clk.Advance(30 * time.Hour)
	ctlPut(t, f, "s", "new")
	require.Equal(t, []string{"old", "new"}, ctlReadAll(t, f, "s"))

	require.NoError(t, ctlDecrease(f, "s", 24))
	assert.Equal(t, []string{"new"}, ctlReadAll(t, f, "s"))
	assert.Len(t, f.Records("s", "shardId-000000000000"), 1)
}

func TestRetentionIncreaseDoesNotBringBackRecords(t *testing.T) {
	f, clk := ctlNewFake(t)
	ctlCreate(t, f, "s", 1)
	ctlPut(t, f, "s", "old")
	clk.Advance(2 * time.Hour)
	ctlPut(t, f, "s", "younger")
	// "old" is now past the 24-hour retention, but nothing has read or
	// written the shard since, so it is still in memory.
	clk.Advance(23 * time.Hour)

	require.NoError(t, ctlIncrease(f, "s", 48))
	assert.Equal(t, []string{"younger"}, ctlReadAll(t, f, "s"))

	// The longer retention holds what was still retained.
	clk.Advance(20 * time.Hour)
	assert.Equal(t, []string{"younger"}, ctlReadAll(t, f, "s"))
}

func TestRetentionByARN(t *testing.T) {
	f, _ := ctlNewFake(t)
	ctlCreate(t, f, "s", 1)
	_, err := f.IncreaseStreamRetentionPeriod(context.Background(), &kinesis.IncreaseStreamRetentionPeriodInput{
		StreamARN: aws.String(f.streamARN("s")), RetentionPeriodHours: aws.Int32(100),
	})
	require.NoError(t, err)
	assert.Equal(t, int32(100), ctlRetention(t, f, "s"))
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
	ctx := context.Background()
	f, clk := fakeAt(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	f.CreateStreamT(t, "s", 1)
	_, err := f.SplitShard(ctx, &kinesis.SplitShardInput{
		StreamName: aws.String("s"), ShardToSplit: aws.String("shardId-000000000000"),
		NewStartingHashKey: aws.String("170141183460469231731687303715884105728"),
	})
	require.NoError(t, err)
	listed := func() []string {
		out, err := f.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s")})
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

	_, err = f.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: aws.String("s"), RetentionPeriodHours: aws.Int32(48)})
	require.NoError(t, err)
	assert.Equal(t, []string{"shardId-000000000001", "shardId-000000000002"}, listed(), "an increase does not bring the parent back")
}
