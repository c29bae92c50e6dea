package kinesisfake

import (
	"fmt"
	"strings"
)

// The operations of the Kinesis Data Streams API, written once. Every part
// of the fake that names an operation reads this table: KinesisAPI's test,
// the HTTP door's routing, the default control-plane rates, and the checks
// that make a misspelt Fault.Op, Calls(op) or Limits.ControlPlane key an
// error rather than a silent no-match.

// Operation names, as the SDK, the call log (Call.Op), faults (Fault.Op),
// Calls, CallCount and Limits.ControlPlane spell them.
const (
	OpAddTagsToStream                        = "AddTagsToStream"
	OpCreateChannel                          = "CreateChannel"
	OpCreateStream                           = "CreateStream"
	OpDecreaseStreamRetentionPeriod          = "DecreaseStreamRetentionPeriod"
	OpDeleteChannel                          = "DeleteChannel"
	OpDeleteResourcePolicy                   = "DeleteResourcePolicy"
	OpDeleteStream                           = "DeleteStream"
	OpDeregisterStreamConsumer               = "DeregisterStreamConsumer"
	OpDescribeAccountSettings                = "DescribeAccountSettings"
	OpDescribeChannel                        = "DescribeChannel"
	OpDescribeLimits                         = "DescribeLimits"
	OpDescribeStream                         = "DescribeStream"
	OpDescribeStreamConsumer                 = "DescribeStreamConsumer"
	OpDescribeStreamSummary                  = "DescribeStreamSummary"
	OpDisableEnhancedMonitoring              = "DisableEnhancedMonitoring"
	OpEnableEnhancedMonitoring               = "EnableEnhancedMonitoring"
	OpGetRecords                             = "GetRecords"
	OpGetResourcePolicy                      = "GetResourcePolicy"
	OpGetShardIterator                       = "GetShardIterator"
	OpIncreaseStreamRetentionPeriod          = "IncreaseStreamRetentionPeriod"
	OpListChannels                           = "ListChannels"
	OpListShards                             = "ListShards"
	OpListStreamConsumers                    = "ListStreamConsumers"
	OpListStreams                            = "ListStreams"
	OpListTagsForResource                    = "ListTagsForResource"
	OpListTagsForStream                      = "ListTagsForStream"
	OpMergeShards                            = "MergeShards"
	OpPutRecord                              = "PutRecord"
	OpPutRecords                             = "PutRecords"
	OpPutResourcePolicy                      = "PutResourcePolicy"
	OpRegisterStreamConsumer                 = "RegisterStreamConsumer"
	OpRemoveTagsFromStream                   = "RemoveTagsFromStream"
	OpSplitShard                             = "SplitShard"
	OpStartStreamEncryption                  = "StartStreamEncryption"
	OpStopStreamEncryption                   = "StopStreamEncryption"
	OpSubscribeToShard                       = "SubscribeToShard"
	OpTagResource                            = "TagResource"
	OpUntagResource                          = "UntagResource"
	OpUpdateAccountSettings                  = "UpdateAccountSettings"
	OpUpdateChannel                          = "UpdateChannel"
	OpUpdateMaxRecordSize                    = "UpdateMaxRecordSize"
	OpUpdateShardCount                       = "UpdateShardCount"
	OpUpdateStreamMode                       = "UpdateStreamMode"
	OpUpdateStreamRecordDistributionStrategy = "UpdateStreamRecordDistributionStrategy"
	OpUpdateStreamWarmThroughput             = "UpdateStreamWarmThroughput"
)

// operation is what the fake knows of one operation besides its engine
// method.
type operation struct {
	name string
	wire wireOp // how the HTTP door decodes and runs it
	// rate is AWS's documented control-plane limit, calls per second (0:
	// none, or a data-plane operation, whose limits are per shard);
	// perStream says AWS counts it per stream rather than per account.
	rate      int
	perStream bool
}

// operations are every operation of KinesisAPI but Options, by name. The
// table is built in init: its wire entries reach the engine, which reads
// the table, and a package-level initializer may not depend on itself.
var operations map[string]*operation

func init() {
	operations = map[string]*operation{
		OpAddTagsToStream:                        {name: OpAddTagsToStream, wire: wireOpOf((*Fake).addTagsToStream), rate: 5},
		OpCreateChannel:                          {name: OpCreateChannel, wire: wireOpOf((*Fake).createChannel), rate: 5},
		OpCreateStream:                           {name: OpCreateStream, wire: wireOpOf((*Fake).createStream), rate: 5},
		OpDecreaseStreamRetentionPeriod:          {name: OpDecreaseStreamRetentionPeriod, wire: wireOpOf((*Fake).decreaseStreamRetentionPeriod), rate: 5},
		OpDeleteChannel:                          {name: OpDeleteChannel, wire: wireOpOf((*Fake).deleteChannel), rate: 5},
		OpDeleteResourcePolicy:                   {name: OpDeleteResourcePolicy, wire: wireOpOf((*Fake).deleteResourcePolicy)},
		OpDeleteStream:                           {name: OpDeleteStream, wire: wireOpOf((*Fake).deleteStream), rate: 5},
		OpDeregisterStreamConsumer:               {name: OpDeregisterStreamConsumer, wire: wireOpOf((*Fake).deregisterStreamConsumer), rate: 5, perStream: true},
		OpDescribeAccountSettings:                {name: OpDescribeAccountSettings, wire: wireOpOf((*Fake).describeAccountSettings)},
		OpDescribeChannel:                        {name: OpDescribeChannel, wire: wireOpOf((*Fake).describeChannel), rate: 5},
		OpDescribeLimits:                         {name: OpDescribeLimits, wire: wireOpOf((*Fake).describeLimits), rate: 1},
		OpDescribeStream:                         {name: OpDescribeStream, wire: wireOpOf((*Fake).describeStream), rate: 10},
		OpDescribeStreamConsumer:                 {name: OpDescribeStreamConsumer, wire: wireOpOf((*Fake).describeStreamConsumer), rate: 20, perStream: true},
		OpDescribeStreamSummary:                  {name: OpDescribeStreamSummary, wire: wireOpOf((*Fake).describeStreamSummary), rate: 20},
		OpDisableEnhancedMonitoring:              {name: OpDisableEnhancedMonitoring, wire: wireOpOf((*Fake).disableEnhancedMonitoring), rate: 5},
		OpEnableEnhancedMonitoring:               {name: OpEnableEnhancedMonitoring, wire: wireOpOf((*Fake).enableEnhancedMonitoring), rate: 5},
		OpGetRecords:                             {name: OpGetRecords, wire: wireOpOf((*Fake).getRecords)},
		OpGetResourcePolicy:                      {name: OpGetResourcePolicy, wire: wireOpOf((*Fake).getResourcePolicy)},
		OpGetShardIterator:                       {name: OpGetShardIterator, wire: wireOpOf((*Fake).getShardIterator)},
		OpIncreaseStreamRetentionPeriod:          {name: OpIncreaseStreamRetentionPeriod, wire: wireOpOf((*Fake).increaseStreamRetentionPeriod), rate: 5},
		OpListChannels:                           {name: OpListChannels, wire: wireOpOf((*Fake).listChannels), rate: 5},
		OpListShards:                             {name: OpListShards, wire: wireOpOf((*Fake).listShards), rate: 1000, perStream: true},
		OpListStreamConsumers:                    {name: OpListStreamConsumers, wire: wireOpOf((*Fake).listStreamConsumers), rate: 5, perStream: true},
		OpListStreams:                            {name: OpListStreams, wire: wireOpOf((*Fake).listStreams), rate: 5},
		OpListTagsForResource:                    {name: OpListTagsForResource, wire: wireOpOf((*Fake).listTagsForResource)},
		OpListTagsForStream:                      {name: OpListTagsForStream, wire: wireOpOf((*Fake).listTagsForStream), rate: 5},
		OpMergeShards:                            {name: OpMergeShards, wire: wireOpOf((*Fake).mergeShards), rate: 5},
		OpPutRecord:                              {name: OpPutRecord, wire: wireOpOf((*Fake).putRecord)},
		OpPutRecords:                             {name: OpPutRecords, wire: wireOpOf((*Fake).putRecords)},
		OpPutResourcePolicy:                      {name: OpPutResourcePolicy, wire: wireOpOf((*Fake).putResourcePolicy)},
		OpRegisterStreamConsumer:                 {name: OpRegisterStreamConsumer, wire: wireOpOf((*Fake).registerStreamConsumer), rate: 5},
		OpRemoveTagsFromStream:                   {name: OpRemoveTagsFromStream, wire: wireOpOf((*Fake).removeTagsFromStream), rate: 5},
		OpSplitShard:                             {name: OpSplitShard, wire: wireOpOf((*Fake).splitShard), rate: 5},
		OpStartStreamEncryption:                  {name: OpStartStreamEncryption, wire: wireOpOf((*Fake).startStreamEncryption)},
		OpStopStreamEncryption:                   {name: OpStopStreamEncryption, wire: wireOpOf((*Fake).stopStreamEncryption)},
		OpSubscribeToShard:                       {name: OpSubscribeToShard, wire: wireStreamOf((*Fake).subscribeToShard)},
		OpTagResource:                            {name: OpTagResource, wire: wireOpOf((*Fake).tagResource)},
		OpUntagResource:                          {name: OpUntagResource, wire: wireOpOf((*Fake).untagResource)},
		OpUpdateAccountSettings:                  {name: OpUpdateAccountSettings, wire: wireOpOf((*Fake).updateAccountSettings)},
		OpUpdateChannel:                          {name: OpUpdateChannel, wire: wireOpOf((*Fake).updateChannel), rate: 5},
		OpUpdateMaxRecordSize:                    {name: OpUpdateMaxRecordSize, wire: wireOpOf((*Fake).updateMaxRecordSize)},
		OpUpdateShardCount:                       {name: OpUpdateShardCount, wire: wireOpOf((*Fake).updateShardCount), rate: 10},
		OpUpdateStreamMode:                       {name: OpUpdateStreamMode, wire: wireOpOf((*Fake).updateStreamMode)},
		OpUpdateStreamRecordDistributionStrategy: {name: OpUpdateStreamRecordDistributionStrategy, wire: wireOpOf((*Fake).updateStreamRecordDistributionStrategy)},
		OpUpdateStreamWarmThroughput:             {name: OpUpdateStreamWarmThroughput, wire: wireOpOf((*Fake).updateStreamWarmThroughput)},
	}
}

// checkOperation panics unless name is an operation ("" is allowed where
// it means every operation): a misspelt name in a fault, a call-log query
// or a limit would otherwise match nothing, silently. what says where the
// name came from, for the message.
func checkOperation(what, name string) {
	if name == "" || operations[name] != nil {
		return
	}
	msg := fmt.Sprintf("kinesisfake: %s %q is no Kinesis operation", what, name)
	if near := nearestOperation(name); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	panic(msg)
}

// nearestOperation is the operation name closest to name by edit distance,
// if it is close enough (a third of its length) to be a likely typo.
func nearestOperation(name string) string {
	best, bestDist := "", len(name)/3+1
	for op := range operations {
		if d := editDistance(strings.ToLower(name), strings.ToLower(op)); d < bestDist || d == bestDist && op < best {
			best, bestDist = op, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
