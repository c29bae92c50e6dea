package kinesisfake

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// shardLevelMetrics are the enhanced (shard-level) metrics a stream can
// have, in the order the API lists them, which is also the order the Fake
// reports them in. ALL stands for all of them.
var shardLevelMetrics = []types.MetricsName{
	types.MetricsNameIncomingBytes,
	types.MetricsNameIncomingRecords,
	types.MetricsNameOutgoingBytes,
	types.MetricsNameOutgoingRecords,
	types.MetricsNameWriteProvisionedThroughputExceeded,
	types.MetricsNameReadProvisionedThroughputExceeded,
	types.MetricsNameIteratorAgeMilliseconds,
}

// enableEnhancedMonitoring implements EnableEnhancedMonitoring.
func (f *Fake) enableEnhancedMonitoring(in *kinesis.EnableEnhancedMonitoringInput) (*kinesis.EnableEnhancedMonitoringOutput, error) {
	c, err := f.changeMonitoring(streamRef{name: in.StreamName, arn: in.StreamARN}, in.ShardLevelMetrics, true)
	if err != nil {
		return nil, err
	}
	return &kinesis.EnableEnhancedMonitoringOutput{
		CurrentShardLevelMetrics: c.current,
		DesiredShardLevelMetrics: c.desired,
		StreamName:               ptr(c.name),
		StreamARN:                ptr(c.arn),
	}, nil
}

// disableEnhancedMonitoring implements DisableEnhancedMonitoring.
func (f *Fake) disableEnhancedMonitoring(in *kinesis.DisableEnhancedMonitoringInput) (*kinesis.DisableEnhancedMonitoringOutput, error) {
	c, err := f.changeMonitoring(streamRef{name: in.StreamName, arn: in.StreamARN}, in.ShardLevelMetrics, false)
	if err != nil {
		return nil, err
	}
	return &kinesis.DisableEnhancedMonitoringOutput{
		CurrentShardLevelMetrics: c.current,
		DesiredShardLevelMetrics: c.desired,
		StreamName:               ptr(c.name),
		StreamARN:                ptr(c.arn),
	}, nil
}

// monitoringChange is what both monitoring operations report: the metrics
// enabled before the call and after it.
type monitoringChange struct {
	name, arn        string
	current, desired []types.MetricsName
}

// changeMonitoring enables (or disables) metrics on a stream. The stream
// must be ACTIVE, as for every settings change, but does not pass through
// UPDATING: AWS documents UPDATING for reshards and for mode and encryption
// changes, not for monitoring. Enabling a metric already
// enabled, or disabling one that is not, is allowed and changes nothing.
func (f *Fake) changeMonitoring(ref streamRef, names []types.MetricsName, enable bool) (monitoringChange, error) {
	change := metricSet(names)
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, err := f.activeStream(ref, now)
	if err != nil {
		return monitoringChange{}, err
	}
	before := metricSet(s.enhancedMetrics)
	after := before &^ change
	if enable {
		after = before | change
	}
	s.enhancedMetrics = after.names()
	return monitoringChange{name: s.name, arn: s.arn, current: before.names(), desired: after.names()}, nil
}

// metrics is a set of shard-level metrics: bit i stands for
// shardLevelMetrics[i].
type metrics uint8

// metricSet is the set of metrics a list names, ALL standing for every
// metric (a stream's enabled list, or a request's; a request's length and
// names are the model's constraints, which invoke checks before the engine
// sees the call).
func metricSet(names []types.MetricsName) metrics {
	var set metrics
	for _, n := range names {
		if n == types.MetricsNameAll {
			set = 1<<len(shardLevelMetrics) - 1
			continue
		}
		if i := slices.Index(shardLevelMetrics, n); i >= 0 {
			set |= 1 << i
		}
	}
	return set
}

// names lists the set's metrics in API order; an empty set is an empty
// list rather than nil, as AWS sends [] rather than leaving the member out.
func (m metrics) names() []types.MetricsName {
	out := []types.MetricsName{}
	for i, n := range shardLevelMetrics {
		if m&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}
