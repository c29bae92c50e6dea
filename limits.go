package kinesisfake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// onDemandStreamCountLimit is AWS's default quota of streams in ON_DEMAND
// mode per account ("By default, you can create up to 50 data streams with
// the on-demand capacity mode").
const onDemandStreamCountLimit = 50

// describeLimits implements DescribeLimits: the account's shard quota and
// on-demand stream quota, and how much of each is in use at the clock's
// now. OpenShardCount counts the open shards of every live stream, as the
// shard quota of CreateStream and resharding counts them.
func (f *Fake) describeLimits(*kinesis.DescribeLimitsInput) (*kinesis.DescribeLimitsOutput, error) {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	return &kinesis.DescribeLimitsOutput{
		ShardLimit:               ptr(int32(f.shardLimit)),
		OpenShardCount:           ptr(int32(f.accountOpenShards(now))),
		OnDemandStreamCount:      ptr(int32(f.onDemandStreamCount(now))),
		OnDemandStreamCountLimit: ptr(int32(onDemandStreamCountLimit)),
	}, nil
}

// onDemandStreamCount counts the account's live streams in ON_DEMAND mode
// at now. The caller holds f.mu.
func (f *Fake) onDemandStreamCount(now time.Time) int {
	n := 0
	for _, s := range f.streams {
		if s.mode == types.StreamModeOnDemand && s.statusAt(now) != statusGone {
			n++
		}
	}
	return n
}
