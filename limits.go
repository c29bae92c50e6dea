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
		ChannelCount:             ptr(int32(f.channelCount(now))),
		ChannelCountLimit:        ptr(int32(channelCountLimit)),
	}, nil
}

// checkOnDemandQuota refuses one more ON_DEMAND stream when the account
// has as many as its quota allows. The caller holds f.mu.
func (f *Fake) checkOnDemandQuota(now time.Time) error {
	if n := f.onDemandStreamCount(now); n >= onDemandStreamCountLimit {
		return limitExceeded("This request would exceed the on-demand stream limit for the account %s in %s. Current on-demand stream count for the account: %d. Limit: %d.",
			f.account, f.region, n, onDemandStreamCountLimit)
	}
	return nil
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
