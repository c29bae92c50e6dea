package kinesisfake

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIdleSubscriptionsCostNothing: a subscription with nothing to deliver
// waits without looking again until something wakes it (no busy loop):
// 100 of them sit idle for a second, on a ManualClock that stands still and
// on the system clock (whose next instant that matters, the idle event, is
// 5 s away), and none takes another look at its shard. The CPU the process
// used meanwhile is logged, not asserted: machines differ.
func TestIdleSubscriptionsCostNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("sits idle for a second")
	}
	const n = 10 * 10 // consumers times shards
	client := doorsNamed(t, "client")[0]
	manual := newHarness(t, client)
	system := newHarness(t, client, WithClock(systemClock{}))
	for _, h := range []*harness{manual, system} {
		streamARN := h.stream("s", 10)
		for c := range 10 {
			app := h.consumer(streamARN, fmt.Sprint("c", c))
			for shard := range 10 {
				h.subscribe(app, shardID(shard), from(types.ShardIteratorTypeLatest))
			}
		}
		require.Eventually(t, func() bool { return h.f.subs.polls.Load() >= n }, eventWait, time.Millisecond, "each has looked once")
	}
	before := [2]int64{manual.f.subs.polls.Load(), system.f.subs.polls.Load()}
	cpu := cpuTime()
	time.Sleep(time.Second)
	used := cpuTime() - cpu
	assert.Equal(t, before, [2]int64{manual.f.subs.polls.Load(), system.f.subs.polls.Load()}, "no look at a shard while idle")
	t.Logf("CPU used by the process while %d subscriptions sat idle for 1 s: %v", 2*n, used)
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
