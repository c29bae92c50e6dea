package kinesisfake

import "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

// A channel keeps its own deep copies of every configuration it was given
// and hands out fresh copies in its descriptions: the SDK's structs are all
// pointers, and neither the caller's request nor a returned description may
// share memory with the Fake's state.

// clonePtr returns a pointer to a copy of *p, or nil.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// cloneRecordConfiguration deep-copies a RecordConfiguration.
func cloneRecordConfiguration(r *types.RecordConfiguration) *types.RecordConfiguration {
	if r == nil {
		return nil
	}
	out := *r
	out.GSRSchemaARN = clonePtr(r.GSRSchemaARN)
	return &out
}

// cloneCloudWatchLogs deep-copies CloudWatch Logs settings.
func cloneCloudWatchLogs(l *types.CloudWatchLogs) *types.CloudWatchLogs {
	if l == nil {
		return nil
	}
	out := *l
	out.Enabled = clonePtr(l.Enabled)
	out.LogGroupName = clonePtr(l.LogGroupName)
	out.LogStreamName = clonePtr(l.LogStreamName)
	return &out
}

// cloneDeadLetterQueue deep-copies a dead-letter queue configuration.
func cloneDeadLetterQueue(q *types.DeadLetterQueueS3Configuration) *types.DeadLetterQueueS3Configuration {
	if q == nil {
		return nil
	}
	out := *q
	out.BucketARN = clonePtr(q.BucketARN)
	out.ExpectedBucketOwner = clonePtr(q.ExpectedBucketOwner)
	out.ErrorOutputPrefix = clonePtr(q.ErrorOutputPrefix)
	return &out
}

// cloneS3Storage deep-copies an S3 storage configuration.
func cloneS3Storage(s *types.S3StorageConfiguration) *types.S3StorageConfiguration {
	if s == nil {
		return nil
	}
	out := *s
	out.BucketARN = clonePtr(s.BucketARN)
	out.ExpectedBucketOwner = clonePtr(s.ExpectedBucketOwner)
	out.OutputKeyTemplate = clonePtr(s.OutputKeyTemplate)
	return &out
}

// cloneS3Tables deep-copies a list of S3 Tables configurations, partition
// specs included.
func cloneS3Tables(tables []types.S3TablesConfiguration) []types.S3TablesConfiguration {
	if tables == nil {
		return nil
	}
	out := make([]types.S3TablesConfiguration, len(tables))
	for i, t := range tables {
		out[i] = t
		out[i].Namespace = clonePtr(t.Namespace)
		out[i].TableBucketARN = clonePtr(t.TableBucketARN)
		out[i].TableName = clonePtr(t.TableName)
		if t.PartitionSpec != nil {
			spec := *t.PartitionSpec
			spec.PartitionFields = make([]types.PartitionField, len(t.PartitionSpec.PartitionFields))
			for j, pf := range t.PartitionSpec.PartitionFields {
				spec.PartitionFields[j] = pf
				spec.PartitionFields[j].SourceName = clonePtr(pf.SourceName)
			}
			out[i].PartitionSpec = &spec
		}
	}
	return out
}

// cloneChannelEncryption deep-copies an encryption configuration.
func cloneChannelEncryption(e *types.ChannelEncryptionConfiguration) *types.ChannelEncryptionConfiguration {
	if e == nil {
		return nil
	}
	out := *e
	out.KeyId = clonePtr(e.KeyId)
	return &out
}
