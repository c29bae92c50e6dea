package conformance

import (
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/require"
)

// The scenarios. Evidence names its sources briefly:
//
//   - FIDELITY.md: ../shared/FIDELITY.md, the project's record of how real
//     Kinesis behaves, by section.
//   - kinesalite: a test of mhart/kinesalite's test/*.js (commit c76689d),
//     a suite written and run against production Kinesis in 2015-2019, by
//     file and test title.
//   - LocalStack: a test of localstack/localstack marked aws.validated
//     (run against AWS), with the date its snapshot was recorded where it
//     has one.
//   - model: AWS's service model of Kinesis (botocore's
//     kinesis/2013-12-02/service-2.json), the API reference's source.
//
// Streams: {S}, {S1} are the scenario's own, {F} the run's shared two-shard
// fixture, which scenarios only read, put to (records the scenarios reading
// it do not count) and ask for refused changes.
var scenarios = []Scenario{
	// Validation: the model's constraints, checked before anything else,
	// with AWS's texts; so most of these name a stream that does not exist.
	failing("GetRecords_Limit0",
		"FIDELITY.md, Error texts; kinesalite getRecords.js 'should return ValidationException for empty ShardIterator'",
		validation1+"Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
		func(r *run) error {
			_, err := r.c.GetRecords(r.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(r.stream(0)), Limit: aws.Int32(0)})
			return err
		}),
	failing("GetRecords_EmptyIteratorAndLimit0",
		"kinesalite getRecords.js 'should return ValidationException for empty ShardIterator' (several violations, in any order)",
		"ValidationException: 2 validation errors detected: "+
			"Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; "+
			"Value '' at 'shardIterator' failed to satisfy constraint: Member must have length greater than or equal to 1",
		func(r *run) error {
			_, err := r.c.GetRecords(r.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(""), Limit: aws.Int32(0)})
			return err
		}),
	failing("GetRecords_MalformedIterator",
		"FIDELITY.md, Error texts; kinesalite getRecords.js 'should return InvalidArgumentException if ShardIterator is incorrect format'",
		"InvalidArgumentException: Invalid ShardIterator.",
		func(r *run) error {
			_, err := r.c.GetRecords(r.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(r.stream(0))})
			return err
		}),
	failing("PutRecord_EmptyPartitionKey",
		"FIDELITY.md, Error texts; kinesalite putRecord.js 'should return ValidationException for empty StreamName'",
		validation1+"Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
		func(r *run) error {
			_, err := r.c.PutRecord(r.ctx, &kinesis.PutRecordInput{StreamName: aws.String(r.stream(0)), PartitionKey: aws.String(""), Data: []byte("x")})
			return err
		}),
	failing("PutRecord_DataOver1MiB",
		"FIDELITY.md, Error texts; kinesalite putRecord.js 'should return ValidationException for long StreamName'",
		validation1+"Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
		func(r *run) error {
			_, err := r.c.PutRecord(r.ctx, &kinesis.PutRecordInput{StreamName: aws.String(r.fixture()), PartitionKey: aws.String("a"), Data: make([]byte, 1<<20+1)})
			return err
		}),
	failing("PutRecords_EntryPathIs1Based",
		"FIDELITY.md, PutRecord / PutRecords ('records.1.member.data'); kinesalite putRecords.js 'should return ValidationException for too many records'",
		validation1+"Value '' at 'records.2.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
		func(r *run) error {
			_, err := r.c.PutRecords(r.ctx, &kinesis.PutRecordsInput{StreamName: aws.String(r.stream(0)), Records: []types.PutRecordsRequestEntry{
				{PartitionKey: aws.String("a"), Data: []byte("x")},
				{PartitionKey: aws.String(""), Data: []byte("x")},
			}})
			return err
		}),
	failing("GetShardIterator_UnknownType",
		"FIDELITY.md, ListShards and other listings (the enum text); kinesalite getShardIterator.js 'should return ValidationException for empty StreamName'",
		validation1+"Value 'BOGUS' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]",
		func(r *run) error {
			_, err := r.c.GetShardIterator(r.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(r.stream(0)), ShardId: aws.String(shard0), ShardIteratorType: "BOGUS"})
			return err
		}),
	failing("ListTagsForStream_Limit51",
		"model: ListTagsForStreamInputLimit is 1..50; the text as in kinesalite listTagsForStream.js 'should return ValidationException for long StreamName' (recorded when the maximum was 10)",
		validation1+"Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
		func(r *run) error {
			_, err := r.c.ListTagsForStream(r.ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String(r.stream(0)), Limit: aws.Int32(51)})
			return err
		}),

	// A stream that does not exist.
	notFound("DescribeStreamSummary", "describeStreamSummary.js", func(r *run, name *string) error {
		_, err := r.c.DescribeStreamSummary(r.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: name})
		return err
	}),
	notFound("PutRecord", "putRecord.js", func(r *run, name *string) error {
		_, err := r.c.PutRecord(r.ctx, &kinesis.PutRecordInput{StreamName: name, PartitionKey: aws.String("a"), Data: []byte{}})
		return err
	}),
	notFound("PutRecords", "putRecords.js", func(r *run, name *string) error {
		_, err := r.c.PutRecords(r.ctx, &kinesis.PutRecordsInput{StreamName: name, Records: []types.PutRecordsRequestEntry{{PartitionKey: aws.String("a"), Data: []byte{}}}})
		return err
	}),
	notFound("ListShards", "listShards.js", func(r *run, name *string) error {
		_, err := r.c.ListShards(r.ctx, &kinesis.ListShardsInput{StreamName: name})
		return err
	}),
	notFound("DeleteStream", "deleteStream.js", func(r *run, name *string) error {
		_, err := r.c.DeleteStream(r.ctx, &kinesis.DeleteStreamInput{StreamName: name})
		return err
	}),
	notFound("AddTagsToStream", "addTagsToStream.js", func(r *run, name *string) error {
		_, err := r.c.AddTagsToStream(r.ctx, &kinesis.AddTagsToStreamInput{StreamName: name, Tags: map[string]string{"a": "b"}})
		return err
	}),
	failing("GetShardIterator_MissingStream",
		"FIDELITY.md, Error texts (also when the stream is missing; shard ids parsed leniently); kinesalite getShardIterator.js 'should return ResourceNotFoundException if unknown stream and shard ID just small enough'",
		"ResourceNotFoundException: Shard shardId-002147483647 in stream {S} under account {A} does not exist",
		func(r *run) error {
			_, err := r.c.GetShardIterator(r.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(r.stream(0)), ShardId: aws.String("2147483647"), ShardIteratorType: types.ShardIteratorTypeLatest})
			return err
		}),
	failing("GetShardIterator_MissingStreamUnparsableShard",
		"FIDELITY.md, Error texts; kinesalite getShardIterator.js 'should return ResourceNotFoundException if unknown stream and string shard ID'",
		"ResourceNotFoundException: Could not find shard ABKLFD8 in stream {S} under account {A}.",
		func(r *run) error {
			_, err := r.c.GetShardIterator(r.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(r.stream(0)), ShardId: aws.String("ABKLFD8"), ShardIteratorType: types.ShardIteratorTypeLatest})
			return err
		}),

	// Streams: creation, description, deletion.
	{
		Name:     "CreateStream_ActiveDescription",
		Evidence: "LocalStack cloudformation test_default_parameters_kinesis (DescribeStream of a 1-shard stream, AWS 2024-07); kinesalite createStream.js 'should create a basic 3-shard stream'",
		Want: Observation{Fields: newStreamWant("{S}", map[string]string{
			"HasMoreShards": "false", "Shards": "shardId-000000000000 0.." + hashKeyMax + " from 56 digits, open",
		})},
		play: func(r *run) Observation {
			name := r.activeStream(0, 1)
			out, err := r.c.DescribeStream(r.ctx, &kinesis.DescribeStreamInput{StreamName: &name})
			if err != nil {
				return Observation{Err: errText(err)}
			}
			d := out.StreamDescription
			var shards []string
			for _, sh := range d.Shards {
				shards = append(shards, shardText(sh))
			}
			return Observation{Fields: streamFields(d.StreamStatus, d.StreamARN, d.RetentionPeriodHours, d.EncryptionType, d.EnhancedMonitoring, d.StreamModeDetails, map[string]string{
				"HasMoreShards": boolText(d.HasMoreShards), "Shards": strings.Join(shards, ", "),
			})}
		},
	},
	{
		Name:     "DescribeStreamSummary_Shape",
		Evidence: "kinesalite describeStreamSummary.js 'should return stream description summary'; StreamModeDetails as in LocalStack cloudformation test_default_parameters_kinesis (AWS 2024-07)",
		Want:     Observation{Fields: newStreamWant("{F}", map[string]string{"OpenShardCount": "2", "ConsumerCount": "0"})},
		play: func(r *run) Observation {
			out, err := r.c.DescribeStreamSummary(r.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(r.fixture())})
			if err != nil {
				return Observation{Err: errText(err)}
			}
			d := out.StreamDescriptionSummary
			return Observation{Fields: streamFields(d.StreamStatus, d.StreamARN, d.RetentionPeriodHours, d.EncryptionType, d.EnhancedMonitoring, d.StreamModeDetails, map[string]string{
				"OpenShardCount": intText(d.OpenShardCount), "ConsumerCount": intText(d.ConsumerCount),
			})}
		},
	},
	failing("CreateStream_Existing",
		"FIDELITY.md, Error texts; kinesalite createStream.js 'should return ResourceInUseException if stream already exists'",
		"ResourceInUseException: Stream {F} under account {A} already exists.",
		func(r *run) error {
			_, err := r.c.CreateStream(r.ctx, &kinesis.CreateStreamInput{StreamName: aws.String(r.fixture()), ShardCount: aws.Int32(1)})
			return err
		}),
	{
		Name:     "CreateStream_Creating",
		Evidence: "FIDELITY.md, Retention and stream lifecycle; kinesalite createStream.js 'should create a basic 3-shard stream' and deleteStream.js 'should allow stream to be deleted while it is being created'",
		Want: Observation{Fields: map[string]string{
			"StreamStatus":     "CREATING",
			"PutRecord":        "ResourceNotFoundException: Stream {S} under account {A} not found.",
			"GetShardIterator": "ResourceNotFoundException: Shard shardId-000000000000 in stream {S} under account {A} does not exist",
			"DeleteStream":     "ok",
		}},
		needsCreating: true,
		play: func(r *run) Observation {
			// Every call right after CreateStream: AWS takes seconds to
			// create a stream, so they all meet it CREATING.
			name := r.createStream(0, 1)
			status := "(not described)"
			out, err := r.c.DescribeStreamSummary(r.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: &name})
			if err != nil {
				status = errText(err)
			} else {
				status = string(out.StreamDescriptionSummary.StreamStatus)
			}
			_, putErr := r.c.PutRecord(r.ctx, &kinesis.PutRecordInput{StreamName: &name, PartitionKey: aws.String("a"), Data: []byte{}})
			_, iterErr := r.c.GetShardIterator(r.ctx, &kinesis.GetShardIteratorInput{StreamName: &name, ShardId: aws.String(shard0), ShardIteratorType: types.ShardIteratorTypeLatest})
			_, delErr := r.c.DeleteStream(r.ctx, &kinesis.DeleteStreamInput{StreamName: &name})
			return Observation{Fields: map[string]string{
				"StreamStatus": status, "PutRecord": outcome(putErr), "GetShardIterator": outcome(iterErr), "DeleteStream": outcome(delErr),
			}}
		},
	},
	failing("GetRecords_DeletedStream",
		"kinesalite getRecords.js 'should return ResourceNotFoundException if shard or stream does not exist' (95 s on production); FIDELITY.md, Error texts",
		"ResourceNotFoundException: Shard shardId-000000000000 in stream {S} under account {A} does not exist",
		func(r *run) error {
			name := r.activeStream(0, 1)
			it := r.iterator(name, shard0, types.ShardIteratorTypeLatest, nil)
			_, err := r.c.DeleteStream(r.ctx, &kinesis.DeleteStreamInput{StreamName: &name})
			require.NoError(r.t, err, "DeleteStream %s", name)
			r.waitGone(name)
			_, err = r.c.GetRecords(r.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
			return err
		}),
	{
		Name:     "ListShards_TwoShards",
		Evidence: "FIDELITY.md, Identifiers and Hash keys and routing (the split of a 2-shard stream); kinesalite listShards.js 'should return stream shards' (no NextToken when all shards fit)",
		Want: Observation{Fields: map[string]string{
			shard0:      "0.." + hashKeyHalfLess1 + " from 56 digits, open",
			shard1:      hashKeyHalf + ".." + hashKeyMax + " from 56 digits, open",
			"NextToken": absent,
		}},
		play: func(r *run) Observation {
			out, err := r.c.ListShards(r.ctx, &kinesis.ListShardsInput{StreamName: aws.String(r.fixture())})
			if err != nil {
				return Observation{Err: errText(err)}
			}
			fields := map[string]string{"NextToken": orAbsent(out.NextToken)}
			for _, sh := range out.Shards {
				id, rest, _ := strings.Cut(shardText(sh), " ")
				fields[id] = rest
			}
			return Observation{Fields: fields}
		},
	},
	decreaseFails("Retention_Below24", "less than 24", 23,
		"InvalidArgumentException: Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short."),
	decreaseFails("Retention_DecreaseAboveCurrent", "greater than current", 25,
		"InvalidArgumentException: Requested retention period (25 hours) for stream {F} can not be longer than existing retention period (24 hours). Use IncreaseRetentionPeriod API."),

	// Puts.
	{
		Name:     "PutRecord_Shape",
		Evidence: "FIDELITY.md, PutRecord / PutRecords (no EncryptionType member on an unencrypted stream); kinesalite putRecord.js 'should work with empty Data' (the body is exactly ShardId and SequenceNumber)",
		Want:     Observation{Fields: map[string]string{"ShardId": shard0, "SequenceNumber": "56 digits", "EncryptionType": absent}},
		play: func(r *run) Observation {
			out, err := r.c.PutRecord(r.ctx, &kinesis.PutRecordInput{StreamName: aws.String(r.fixture()), PartitionKey: aws.String("a"), Data: []byte{}, ExplicitHashKey: aws.String("0")})
			if err != nil {
				return Observation{Err: errText(err)}
			}
			return Observation{Fields: map[string]string{"ShardId": aws.ToString(out.ShardId), "SequenceNumber": seqShape(out.SequenceNumber), "EncryptionType": enumOrAbsent(out.EncryptionType)}}
		},
	},
	{
		Name:     "PutRecords_RoutesAtTheShardBoundary",
		Evidence: "FIDELITY.md, Hash keys and routing (2 shards: 0..2^127-1 and 2^127..2^128-1) and PutRecord / PutRecords (FailedRecordCount always set, entries in input order, no EncryptionType unencrypted); kinesalite putRecords.js 'should work with mixed values'",
		Want: Observation{Fields: map[string]string{
			"FailedRecordCount": "0", "EncryptionType": absent,
			"Records": "shardId-000000000000 56 digits, shardId-000000000000 56 digits, shardId-000000000001 56 digits, shardId-000000000001 56 digits",
		}},
		play: func(r *run) Observation {
			var entries []types.PutRecordsRequestEntry
			for _, key := range []string{"0", hashKeyHalfLess1, hashKeyHalf, hashKeyMax} {
				entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String("a"), Data: []byte{}, ExplicitHashKey: aws.String(key)})
			}
			out, err := r.c.PutRecords(r.ctx, &kinesis.PutRecordsInput{StreamName: aws.String(r.fixture()), Records: entries})
			if err != nil {
				return Observation{Err: errText(err)}
			}
			var recs []string
			for _, e := range out.Records {
				text := aws.ToString(e.ShardId) + " " + seqShape(e.SequenceNumber)
				if e.ErrorCode != nil {
					text += " " + *e.ErrorCode + ": " + aws.ToString(e.ErrorMessage)
				}
				recs = append(recs, text)
			}
			return Observation{Fields: map[string]string{
				"FailedRecordCount": intText(out.FailedRecordCount), "EncryptionType": enumOrAbsent(out.EncryptionType), "Records": strings.Join(recs, ", "),
			}}
		},
	},
	failing("PutRecord_ExplicitHashKeyTooLarge",
		"FIDELITY.md, Error texts; kinesalite putRecord.js 'should return InvalidArgumentException for out of bounds ExplicitHashKey'",
		"InvalidArgumentException: Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was "+hashKeyTooLarge,
		func(r *run) error {
			_, err := r.c.PutRecord(r.ctx, &kinesis.PutRecordInput{StreamName: aws.String(r.fixture()), PartitionKey: aws.String("a"), Data: []byte{}, ExplicitHashKey: aws.String(hashKeyTooLarge)})
			return err
		}),

	// Reads.
	{
		Name:     "GetRecords_RoundTrip",
		Evidence: "LocalStack test_record_lifecycle_data_integrity (AWS 2022-08: data, partition keys, no EncryptionType); FIDELITY.md, Sequence numbers (increasing within a shard) and GetRecords (record members)",
		Want: Observation{Fields: map[string]string{
			"Data": dataText(roundTripData...), "PartitionKey": "1 1 1 1", "SequenceNumber": "as PutRecord returned them, increasing",
			"EncryptionType": absent, "ApproximateArrivalTimestamp": "on every record",
		}},
		play: func(r *run) Observation {
			name := r.activeStream(0, 1)
			it := r.iterator(name, shard0, types.ShardIteratorTypeTrimHorizon, nil)
			var seqs []string
			for _, d := range roundTripData {
				seqs = append(seqs, aws.ToString(r.put(name, "1", d, "").SequenceNumber))
			}
			recs := r.read(it, len(roundTripData))
			var data, keys, got, enc []string
			stamped := 0
			for _, rec := range recs {
				data = append(data, string(rec.Data))
				keys = append(keys, aws.ToString(rec.PartitionKey))
				got = append(got, aws.ToString(rec.SequenceNumber))
				enc = appendNew(enc, enumOrAbsent(rec.EncryptionType))
				if rec.ApproximateArrivalTimestamp != nil {
					stamped++
				}
			}
			seqText := "as PutRecord returned them"
			if strings.Join(got, " ") != strings.Join(seqs, " ") {
				seqText = "read " + strings.Join(got, " ") + ", put " + strings.Join(seqs, " ")
			}
			seqText += ", " + increasing(got)
			arrival := "on every record"
			if stamped < len(recs) {
				arrival = fmt.Sprintf("on %d of %d records", stamped, len(recs))
			}
			return Observation{Fields: map[string]string{
				"Data": dataText(data...), "PartitionKey": strings.Join(keys, " "), "SequenceNumber": seqText,
				"EncryptionType": strings.Join(enc, " "), "ApproximateArrivalTimestamp": arrival,
			}}
		},
	},
	{
		Name:     "GetRecords_LatestIteratorIsReusable",
		Evidence: "FIDELITY.md, Shard iterators (stateless positions: reusable, and they see records put after they were issued; LATEST is just after the newest record); kinesalite getRecords.js 'should return LATEST records'",
		Want:     Observation{Fields: map[string]string{"first read": dataText("x"), "same iterator again": dataText("x", "y")}},
		play: func(r *run) Observation {
			name := r.activeStream(0, 1)
			it := r.iterator(name, shard0, types.ShardIteratorTypeLatest, nil)
			r.put(name, "k", "x", "")
			first := recordData(r.read(it, 1))
			r.put(name, "k", "y", "")
			again := recordData(r.read(it, 2))
			return Observation{Fields: map[string]string{"first read": first, "same iterator again": again}}
		},
	},
	{
		Name:     "GetRecords_AtAndAfterSequenceNumber",
		Evidence: "FIDELITY.md, Shard iterators (AT_ / AFTER_SEQUENCE_NUMBER: at / just after the number); kinesalite getRecords.js 'should return correct AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER records'",
		Want:     Observation{Fields: map[string]string{"AT_SEQUENCE_NUMBER b": dataText("b", "c"), "AFTER_SEQUENCE_NUMBER b": dataText("c")}},
		play: func(r *run) Observation {
			name := r.activeStream(0, 1)
			r.put(name, "k", "a", "")
			b := r.put(name, "k", "b", "").SequenceNumber
			r.put(name, "k", "c", "")
			at := r.iterator(name, shard0, types.ShardIteratorTypeAtSequenceNumber, b)
			after := r.iterator(name, shard0, types.ShardIteratorTypeAfterSequenceNumber, b)
			return Observation{Fields: map[string]string{
				"AT_SEQUENCE_NUMBER b": recordData(r.read(at, 2)), "AFTER_SEQUENCE_NUMBER b": recordData(r.read(after, 1)),
			}}
		},
	},
	{
		Name:     "GetRecords_QuotedIterator",
		Evidence: "FIDELITY.md, GetRecords (an iterator in double quotes is accepted: LocalStack test_get_records_shard_iterator_with_surrounding_quotes, AWS-validated)",
		Want:     Observation{Fields: map[string]string{"GetRecords": "ok"}},
		play: func(r *run) Observation {
			it := r.iterator(r.fixture(), shard0, types.ShardIteratorTypeTrimHorizon, nil)
			_, err := r.c.GetRecords(r.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(`"` + *it + `"`)})
			return Observation{Fields: map[string]string{"GetRecords": outcome(err)}}
		},
	},

	// GetShardIterator's own checks, on the fixture.
	iteratorFails("GetShardIterator_AtSequenceNumberWithoutOne",
		"FIDELITY.md, Error texts; kinesalite getShardIterator.js 'should return InvalidArgumentException if AT_SEQUENCE_NUMBER and no StartingSequenceNumber'",
		"InvalidArgumentException: "+mustEither+"Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.",
		shard0, types.ShardIteratorTypeAtSequenceNumber, nil),
	iteratorFails("GetShardIterator_LatestWithSequenceNumber",
		"FIDELITY.md, Error texts (the variant); kinesalite getShardIterator.js 'should return InvalidArgumentException if LATEST and StartingSequenceNumber'",
		"InvalidArgumentException: "+mustEither+"Request specified LATEST and also a StartingSequenceNumber.",
		shard0, types.ShardIteratorTypeLatest, func(*run) *string { return aws.String("5") }),
	iteratorFails("GetShardIterator_SequenceNumberOfShard5",
		"FIDELITY.md, Sequence-number layout (AWS decodes even a short number); kinesalite getShardIterator.js 'should return InvalidArgumentException if shard mismatches simple sequence'",
		"InvalidArgumentException: Invalid StartingSequenceNumber. It encodes shardId-000000000005, while it was used in a call to a shard with shardId-000000000000",
		shard0, types.ShardIteratorTypeAtSequenceNumber, func(*run) *string { return aws.String("5") }),
	iteratorFails("GetShardIterator_SequenceNumberOfTheOtherShard",
		"FIDELITY.md, Sequence numbers (a number encodes its shard) and Error texts",
		"InvalidArgumentException: Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with shardId-000000000000",
		shard0, types.ShardIteratorTypeAtSequenceNumber, func(r *run) *string { return r.put(r.fixture(), "a", "", hashKeyMax).SequenceNumber }),
	iteratorFails("GetShardIterator_SequenceNumberOfAnotherStream",
		"FIDELITY.md, Sequence numbers (a number encodes its stream) and Error texts",
		"InvalidArgumentException: StartingSequenceNumber {N} used in GetShardIterator on shard shardId-000000000000 in stream {F} under account {A} is invalid because it did not come from this stream.",
		shard0, types.ShardIteratorTypeAtSequenceNumber, func(r *run) *string {
			seq := r.put(r.activeStream(0, 1), "a", "", "0").SequenceNumber
			r.note("N", aws.ToString(seq))
			return seq
		}),
	iteratorFails("GetShardIterator_AtTimestampWithoutOne",
		"FIDELITY.md, Error texts; kinesalite getShardIterator.js 'should return InvalidArgumentException if AT_TIMESTAMP and no Timestamp'",
		"InvalidArgumentException: Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.",
		shard0, types.ShardIteratorTypeAtTimestamp, nil),
	iteratorFails("GetShardIterator_UnknownShard",
		"FIDELITY.md, Error texts; kinesalite getShardIterator.js 'should return ResourceNotFoundException if known stream and raw shard ID does not exist'",
		"ResourceNotFoundException: Shard shardId-000000000009 in stream {F} under account {A} does not exist",
		"shardId-000000000009", types.ShardIteratorTypeLatest, nil),

	// Tags.
	{
		Name:     "Tags_ListWithoutLimitListsAll",
		Evidence: "FIDELITY.md, ListShards and other listings (ListTagsForStream without Limit returned all 45 tags); kinesalite addTagsToStream.js 'should add and remove tags keys' (45 tags, then 10 more refused with this text, which names the old limit of 10)",
		Want: Observation{Fields: map[string]string{
			"ListTagsForStream": "45 tags, HasMoreTags false",
			"10 more":           "InvalidArgumentException: Failed to add tags to stream {S} under account {A} because a given stream cannot have more than 10 tags associated with it.",
		}},
		play: func(r *run) Observation {
			name := r.activeStream(0, 1)
			// As kinesalite's test: five tags, then four batches of ten.
			r.addTags(name, map[string]string{"a": "a", "ü0 _.": "a", "/=+-@": "a", "b": "ü0 _./=+-@", "c": ""})
			for i := 0; i < 40; i += 10 {
				r.addTags(name, numberedTags(i, 10))
			}
			out, err := r.c.ListTagsForStream(r.ctx, &kinesis.ListTagsForStreamInput{StreamName: &name})
			listed := errText(err)
			if err == nil {
				listed = fmt.Sprintf("%d tags, HasMoreTags %s", len(out.Tags), boolText(out.HasMoreTags))
			}
			_, err = r.c.AddTagsToStream(r.ctx, &kinesis.AddTagsToStreamInput{StreamName: &name, Tags: numberedTags(40, 10)})
			return Observation{Fields: map[string]string{"ListTagsForStream": listed, "10 more": outcome(err)}}
		},
	},
	{
		Name:     "Tags_OrderAndPaging",
		Evidence: "kinesalite listTagsForStream.js 'should list in alphabetical order' (byte order; ExclusiveStartTagKey and Limit)",
		Want: Observation{Fields: map[string]string{
			"all":              `" " "+" "/" "0" "=" "@" "Zb" "_" "a" "ÿ", HasMoreTags false`,
			"after @, Limit 2": `"Zb" "_", HasMoreTags true`,
		}},
		play: func(r *run) Observation {
			name := r.activeStream(0, 1)
			r.addTags(name, map[string]string{"a": "b", " ": "a", "ÿ": "a", "_": "a", "/": "a", "=": "a", "+": "a", "Zb": "z", "0": "a", "@": "a"})
			list := func(in kinesis.ListTagsForStreamInput) string {
				in.StreamName = &name
				out, err := r.c.ListTagsForStream(r.ctx, &in)
				if err != nil {
					return errText(err)
				}
				var keys []string
				for _, tag := range out.Tags {
					keys = append(keys, strconv.Quote(aws.ToString(tag.Key)))
				}
				return strings.Join(keys, " ") + ", HasMoreTags " + boolText(out.HasMoreTags)
			}
			return Observation{Fields: map[string]string{
				"all":              list(kinesis.ListTagsForStreamInput{}),
				"after @, Limit 2": list(kinesis.ListTagsForStreamInput{ExclusiveStartTagKey: aws.String("@"), Limit: aws.Int32(2)}),
			}}
		},
	},
	failing("Tags_InvalidCharacter",
		"kinesalite addTagsToStream.js 'should return InvalidArgumentException if ; in tag key'",
		"InvalidArgumentException: Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.",
		func(r *run) error {
			_, err := r.c.AddTagsToStream(r.ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String(r.fixture()), Tags: map[string]string{"abc;def": "1"}})
			return err
		}),
	failing("Tags_Percent",
		"kinesalite addTagsToStream.js 'should return InvalidArgumentException if % in tag key'",
		"InvalidArgumentException: Failed to add tags to stream {F} under account {A} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.",
		func(r *run) error {
			_, err := r.c.AddTagsToStream(r.ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String(r.fixture()), Tags: map[string]string{"abc%def": "1"}})
			return err
		}),
}

// Values the scenarios name.
const (
	validation1 = "ValidationException: 1 validation error detected: "
	mustEither  = "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "

	shard0 = "shardId-000000000000"
	shard1 = "shardId-000000000001"

	hashKeyHalfLess1 = "170141183460469231731687303715884105727" // 2^127-1: the last key of shard 0 of 2
	hashKeyHalf      = "170141183460469231731687303715884105728" // 2^127: the first key of shard 1 of 2
	hashKeyMax       = "340282366920938463463374607431768211455" // 2^128-1
	hashKeyTooLarge  = "340282366920938463463374607431768211456" // 2^128
)

// roundTripData are LocalStack's records of test_record_lifecycle_data_integrity:
// empty, ASCII, multi-byte UTF-8 and a kilobyte.
var roundTripData = []string{"", "test", "ünicödé 统一码 💣💻🔥", strings.Repeat("a", 1000)}

// failing is a scenario about one call that AWS refuses: the observation is
// the call's error.
func failing(name, evidence, want string, call func(r *run) error) Scenario {
	return Scenario{
		Name: name, Evidence: evidence, Want: Observation{Err: want},
		play: func(r *run) Observation { return Observation{Err: errText(call(r))} },
	}
}

// notFound is the scenario of op on a stream that does not exist, from
// kinesalite's test of that name in file.
func notFound(op, file string, call func(r *run, name *string) error) Scenario {
	return failing("NotFound_"+op,
		"FIDELITY.md, Error texts; kinesalite "+file+" 'should return ResourceNotFoundException if stream does not exist'; the same text in LocalStack test_cbor_exceptions (AWS 2025-09)",
		"ResourceNotFoundException: Stream {S} under account {A} not found.",
		func(r *run) error { name := r.stream(0); return call(r, &name) })
}

// iteratorFails is a scenario of GetShardIterator on the fixture's shard
// that AWS refuses; seq, if not nil, gives the StartingSequenceNumber.
func iteratorFails(name, evidence, want, shardID string, typ types.ShardIteratorType, seq func(*run) *string) Scenario {
	return failing(name, evidence, want, func(r *run) error {
		in := &kinesis.GetShardIteratorInput{StreamName: aws.String(r.fixture()), ShardId: aws.String(shardID), ShardIteratorType: typ}
		if seq != nil {
			in.StartingSequenceNumber = seq(r)
		}
		_, err := r.c.GetShardIterator(r.ctx, in)
		return err
	})
}

// decreaseFails is a scenario of DecreaseStreamRetentionPeriod on the
// fixture (at the default 24 hours) that AWS refuses, from kinesalite's
// test "should return InvalidArgumentException for retention period
// <what>".
func decreaseFails(name, what string, hours int32, want string) Scenario {
	return failing(name,
		"FIDELITY.md, Retention and stream lifecycle; kinesalite decreaseStreamRetentionPeriod.js 'should return InvalidArgumentException for retention period "+what+"'",
		want, func(r *run) error {
			_, err := r.c.DecreaseStreamRetentionPeriod(r.ctx, &kinesis.DecreaseStreamRetentionPeriodInput{StreamName: aws.String(r.fixture()), RetentionPeriodHours: aws.Int32(hours)})
			return err
		})
}

// newStreamWant is what AWS describes of a new, ACTIVE provisioned stream
// (its placeholder given) in both DescribeStream and DescribeStreamSummary,
// with the operation's own members added.
func newStreamWant(stream string, more map[string]string) map[string]string {
	want := map[string]string{
		"StreamStatus": "ACTIVE", "StreamARN": "arn:aws:kinesis:{R}:{A}:stream/" + stream, "RetentionPeriodHours": "24",
		"EncryptionType": "NONE", "EnhancedMonitoring": "[{ShardLevelMetrics: []}]", "StreamMode": "PROVISIONED",
	}
	maps.Copy(want, more)
	return want
}

// streamFields are the members DescribeStream and DescribeStreamSummary
// share, as newStreamWant names them, with the operation's own added.
func streamFields(status types.StreamStatus, arn *string, retention *int32, enc types.EncryptionType, em []types.EnhancedMetrics, mode *types.StreamModeDetails, more map[string]string) map[string]string {
	fields := map[string]string{
		"StreamStatus": string(status), "StreamARN": aws.ToString(arn), "RetentionPeriodHours": intText(retention),
		"EncryptionType": enumOrAbsent(enc), "EnhancedMonitoring": monitoringText(em), "StreamMode": streamModeText(mode),
	}
	maps.Copy(fields, more)
	return fields
}

// addTags adds tags to a stream, failing the scenario if it cannot.
func (r *run) addTags(stream string, tags map[string]string) {
	_, err := r.c.AddTagsToStream(r.ctx, &kinesis.AddTagsToStreamInput{StreamName: &stream, Tags: tags})
	require.NoError(r.t, err, "AddTagsToStream %s", stream)
}

// numberedTags are n tags with keys from..from+n-1, as kinesalite's test
// adds them.
func numberedTags(from, n int) map[string]string {
	tags := make(map[string]string, n)
	for i := from; i < from+n; i++ {
		tags[strconv.Itoa(i)] = "a"
	}
	return tags
}

// shardText describes a shard: id, hash key range, sequence number range,
// parents.
func shardText(sh types.Shard) string {
	text := aws.ToString(sh.ShardId)
	if hk := sh.HashKeyRange; hk != nil {
		text += " " + aws.ToString(hk.StartingHashKey) + ".." + aws.ToString(hk.EndingHashKey)
	}
	if sr := sh.SequenceNumberRange; sr != nil {
		text += " from " + seqShape(sr.StartingSequenceNumber)
		if sr.EndingSequenceNumber == nil {
			text += ", open"
		} else {
			text += ", to " + seqShape(sr.EndingSequenceNumber)
		}
	}
	if sh.ParentShardId != nil {
		text += ", parent " + *sh.ParentShardId
	}
	if sh.AdjacentParentShardId != nil {
		text += ", adjacent parent " + *sh.AdjacentParentShardId
	}
	return text
}

// monitoringText is EnhancedMonitoring as AWS's JSON shows it.
func monitoringText(ems []types.EnhancedMetrics) string {
	if ems == nil {
		return absent
	}
	parts := make([]string, len(ems))
	for i, em := range ems {
		metrics := make([]string, len(em.ShardLevelMetrics))
		for j, m := range em.ShardLevelMetrics {
			metrics[j] = string(m)
		}
		parts[i] = "{ShardLevelMetrics: [" + strings.Join(metrics, ", ") + "]}"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// streamModeText is a stream's capacity mode, or absent.
func streamModeText(d *types.StreamModeDetails) string {
	if d == nil {
		return absent
	}
	return enumOrAbsent(d.StreamMode)
}

// intText is an optional integer member.
func intText(p *int32) string {
	if p == nil {
		return absent
	}
	return strconv.Itoa(int(*p))
}

// boolText is an optional boolean member.
func boolText(p *bool) string {
	if p == nil {
		return absent
	}
	return strconv.FormatBool(*p)
}

// recordData is the data of records in order, as dataText shows it.
func recordData(recs []types.Record) string {
	data := make([]string, len(recs))
	for i, rec := range recs {
		data[i] = string(rec.Data)
	}
	return dataText(data...)
}

// dataText shows record data in order: each quoted, a long one by its
// first bytes and its length; "(none)" for no records.
func dataText(data ...string) string {
	if len(data) == 0 {
		return "(none)"
	}
	parts := make([]string, len(data))
	for i, d := range data {
		if len(d) > 64 {
			parts[i] = fmt.Sprintf("%q...(%d bytes)", d[:8], len(d))
		} else {
			parts[i] = strconv.Quote(d)
		}
	}
	return strings.Join(parts, " ")
}

// increasing says whether sequence numbers increase strictly, compared as
// the big integers they are.
func increasing(seqs []string) string {
	var prev *big.Int
	for _, s := range seqs {
		n, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return "not all numbers"
		}
		if prev != nil && n.Cmp(prev) <= 0 {
			return "not increasing"
		}
		prev = n
	}
	return "increasing"
}

// appendNew appends v unless list holds it already.
func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
