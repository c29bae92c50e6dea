package kinesisfake_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// Tests of the KMS model: puts and reads of a stream encrypted with a key
// that is not usable fail as Kinesis passes KMS's failure on.

// kmsKeyID is a well-formed KMS key id, and kmsKeyARN the ARN of the same
// key in the Fake's account and Region.
const (
	kmsKeyID  = "1234abcd-12ab-34cd-56ef-1234567890ab"
	kmsKeyARN = "arn:aws:kms:us-east-1:" + tpAccount + ":key/" + kmsKeyID
)

// kmsPrincipal is the caller KMS's access-denied texts name.
const kmsPrincipal = "arn:aws:sts::" + tpAccount + ":assumed-role/kinesisfake/session"

// kmsFakeOn is a Fake (no throughput limits: not the subject here) with a
// one-shard stream "enc" encrypted with key, holding one record (set up on
// the Fake itself), and the API of door for the calls under test.
func kmsFakeOn(t *testing.T, door testDoor, key string) (*kinesisfake.Fake, kinesisfake.KinesisAPI) {
	t.Helper()
	f := kinesisfake.New(kinesisfake.WithClock(kinesisfake.NewManualClock(tpEpoch)), kinesisfake.WithoutThroughputLimits())
	f.CreateStreamT(t, "enc", 1)
	require.NoError(t, startEncryption(f, "enc", key))
	require.NoError(t, kmsPut(f, "enc"))
	return f, door.open(t, f)
}

// startEncryption starts KMS encryption of stream with key through api.
func startEncryption(api kinesisfake.KinesisAPI, stream, key string) error {
	_, err := api.StartStreamEncryption(context.Background(), &kinesis.StartStreamEncryptionInput{
		StreamName: aws.String(stream), EncryptionType: types.EncryptionTypeKms, KeyId: aws.String(key),
	})
	return err
}

// kmsPut puts one record with PutRecord through api.
func kmsPut(api kinesisfake.KinesisAPI, stream string) error {
	_, err := api.PutRecord(context.Background(), &kinesis.PutRecordInput{
		StreamName: aws.String(stream), PartitionKey: aws.String("k"), Data: []byte("secret"),
	})
	return err
}

// kmsPutRecords puts two records with PutRecords through api.
func kmsPutRecords(api kinesisfake.KinesisAPI, stream string) error {
	_, err := api.PutRecords(context.Background(), &kinesis.PutRecordsInput{
		StreamName: aws.String(stream),
		Records: []types.PutRecordsRequestEntry{
			{PartitionKey: aws.String("a"), Data: []byte("1")},
			{PartitionKey: aws.String("b"), Data: []byte("2")},
		},
	})
	return err
}

// kmsRead reads the shard from its oldest record through api.
func kmsRead(api kinesisfake.KinesisAPI, stream string) (*kinesis.GetRecordsOutput, error) {
	ctx := context.Background()
	it, err := api.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName: aws.String(stream), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	})
	if err != nil {
		return nil, err
	}
	return api.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
}

// kmsCase is an unusable key state and what writes and reads of a stream
// encrypted with that key get.
type kmsCase struct {
	name        string
	state       kinesisfake.KMSKeyState
	write, read errCheck
}

// kmsCases lists every unusable key state. keyARN is the key as the texts
// name it, stream the stream's name. Only access denied reads differently
// for reads and writes.
func kmsCases(keyARN, stream string) []kmsCase {
	both := func(name string, state kinesisfake.KMSKeyState, c errCheck) kmsCase {
		return kmsCase{name: name, state: state, write: c, read: c}
	}
	return []kmsCase{
		both("disabled", kinesisfake.KMSKeyDisabled, wantException[types.KMSDisabledException](
			"The request was rejected because the specified KMS key "+keyARN+" is disabled.")),
		both("pending deletion", kinesisfake.KMSKeyPendingDeletion, wantException[types.KMSInvalidStateException](
			"The request was rejected because the state of the specified KMS key "+keyARN+" is not valid for this request: "+keyARN+" is pending deletion.")),
		both("not found", kinesisfake.KMSKeyNotFound, wantException[types.KMSNotFoundException](
			"The request was rejected because the specified KMS key "+keyARN+" was not found.")),
		{name: "access denied", state: kinesisfake.KMSKeyAccessDenied,
			write: wantException[types.KMSAccessDeniedException](fmt.Sprintf(
				"User: %s is not authorized to perform: kms:GenerateDataKey on resource: %s", kmsPrincipal, keyARN)),
			read: wantException[types.KMSAccessDeniedException](fmt.Sprintf(
				"User: %s is not authorized to decrypt records in stream %s", kmsPrincipal, stream))},
		both("opt-in required", kinesisfake.KMSKeyOptInRequired, wantException[types.KMSOptInRequired](
			"The AWS access key ID needs a subscription for the service.")),
		both("throttled", kinesisfake.KMSKeyThrottled, wantException[types.KMSThrottlingException](
			"The request was denied due to request throttling for KMS key "+keyARN+". Rate exceeded.")),
	}
}

// TestKMSKeyStates: for every unusable key state, PutRecord, PutRecords
// and GetRecords on a stream encrypted with the key fail with the matching
// exception, nothing is stored, and re-enabling the key restores them.
func TestKMSKeyStates(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range kmsCases(kmsKeyARN, "enc") {
			t.Run(tc.name, func(t *testing.T) {
				f, api := kmsFakeOn(t, door, kmsKeyID)
				f.SetKMSKeyState(kmsKeyID, tc.state)

				tc.write(t, kmsPut(api, "enc"))
				tc.write(t, kmsPutRecords(api, "enc"))
				_, err := kmsRead(api, "enc")
				tc.read(t, err)
				assert.Len(t, f.Records("enc", "shardId-000000000000"), 1, "failed puts store nothing")

				f.SetKMSKeyState(kmsKeyID, kinesisfake.KMSKeyEnabled)
				require.NoError(t, kmsPut(api, "enc"))
				require.NoError(t, kmsPutRecords(api, "enc"))
				out, err := kmsRead(api, "enc")
				require.NoError(t, err)
				require.Len(t, out.Records, 4)
				for _, r := range out.Records {
					assert.Equal(t, types.EncryptionTypeKms, r.EncryptionType)
				}
			})
		}
	})
}

// TestStartStreamEncryptionWithUnusableKey: a key KMS would refuse cannot
// encrypt a stream; the stream stays unencrypted.
func TestStartStreamEncryptionWithUnusableKey(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range kmsCases(kmsKeyARN, "plain") {
			t.Run(tc.name, func(t *testing.T) {
				f := kinesisfake.New(kinesisfake.WithClock(kinesisfake.NewManualClock(tpEpoch)))
				f.CreateStreamT(t, "plain", 1)
				api := door.open(t, f)
				f.SetKMSKeyState(kmsKeyID, tc.state)
				tc.write(t, startEncryption(api, "plain", kmsKeyID))

				out, err := api.DescribeStreamSummary(context.Background(), &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("plain")})
				require.NoError(t, err)
				assert.Equal(t, types.EncryptionTypeNone, out.StreamDescriptionSummary.EncryptionType)
				assert.NoError(t, kmsPut(api, "plain"), "the stream is not encrypted")
			})
		}
	})
}

// TestKMSKeyNames: a key ARN and its key id name the same key, as do an
// alias ARN and its alias name; an alias is not linked to a key.
func TestKMSKeyNames(t *testing.T) {
	const aliasARN = "arn:aws:kms:us-east-1:" + tpAccount + ":alias/orders"
	cases := []struct {
		name      string
		streamKey string // what the stream was encrypted with
		setKey    string // what SetKMSKeyState names
		fails     bool
		textKey   string // the key ARN the error text names
	}{
		{"state set by ARN, stream by key id", kmsKeyID, kmsKeyARN, true, kmsKeyARN},
		{"state set by key id, stream by ARN", kmsKeyARN, kmsKeyID, true, kmsKeyARN},
		{"state set by alias ARN, stream by alias name", "alias/orders", aliasARN, true, aliasARN},
		{"state set by alias name, stream by alias ARN", aliasARN, "alias/orders", true, aliasARN},
		{"key ids ignore case", kmsKeyID, strings.ToUpper(kmsKeyID), true, kmsKeyARN},
		{"another key", kmsKeyID, "11111111-2222-3333-4444-555555555555", false, ""},
		{"an alias is not its key", "alias/orders", kmsKeyID, false, ""},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				f, api := kmsFakeOn(t, door, tc.streamKey)
				f.SetKMSKeyState(tc.setKey, kinesisfake.KMSKeyDisabled)
				err := kmsPut(api, "enc")
				if !tc.fails {
					assert.NoError(t, err)
					return
				}
				wantException[types.KMSDisabledException]("The request was rejected because the specified KMS key "+tc.textKey+" is disabled.")(t, err)
			})
		}
	})
}

// TestKMSDefaultKey: the key Kinesis owns, alias/aws/kinesis, works until
// a test says otherwise, and the stream's records say they are encrypted.
func TestKMSDefaultKey(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		f, api := kmsFakeOn(t, door, "alias/aws/kinesis")
		out, err := api.PutRecord(context.Background(), &kinesis.PutRecordInput{
			StreamName: aws.String("enc"), PartitionKey: aws.String("k"), Data: []byte("x"),
		})
		require.NoError(t, err)
		assert.Equal(t, types.EncryptionTypeKms, out.EncryptionType)
		page, err := kmsRead(api, "enc")
		require.NoError(t, err)
		require.Len(t, page.Records, 2)
		assert.Equal(t, types.EncryptionTypeKms, page.Records[0].EncryptionType)

		f.SetKMSKeyState("alias/aws/kinesis", kinesisfake.KMSKeyDisabled)
		wantException[types.KMSDisabledException]("The request was rejected because the specified KMS key arn:aws:kms:us-east-1:"+tpAccount+":alias/aws/kinesis is disabled.")(t, kmsPut(api, "enc"))
	})
}

// TestKMSStateIgnoredByUnencryptedStreams: a key's state matters only to
// streams encrypted with it, now: stopping encryption frees the stream.
func TestKMSStateIgnoredByUnencryptedStreams(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		f, api := kmsFakeOn(t, door, kmsKeyID)
		f.CreateStreamT(t, "plain", 1)
		f.SetKMSKeyState(kmsKeyID, kinesisfake.KMSKeyDisabled)
		assert.NoError(t, kmsPut(api, "plain"))
		require.Error(t, kmsPut(api, "enc"))

		_, err := api.StopStreamEncryption(context.Background(), &kinesis.StopStreamEncryptionInput{
			StreamName: aws.String("enc"), EncryptionType: types.EncryptionTypeKms, KeyId: aws.String(kmsKeyID),
		})
		require.NoError(t, err)
		assert.NoError(t, kmsPut(api, "enc"))
	})
}

// TestKMSFaultNamesTheStreamsKey: a ready-made KMS fault on an encrypted
// stream names the stream's key, as the real failure would; on an
// unencrypted stream it names the key Kinesis owns.
func TestKMSFaultNamesTheStreamsKey(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		f, api := kmsFakeOn(t, door, kmsKeyID)
		f.CreateStreamT(t, "plain", 1)
		f.InjectFault(kinesisfake.Fault{Op: "PutRecord", Err: kinesisfake.ErrKMSDisabled})
		wantException[types.KMSDisabledException]("The request was rejected because the specified KMS key "+kmsKeyARN+" is disabled.")(t, kmsPut(api, "enc"))
		wantException[types.KMSDisabledException]("The request was rejected because the specified KMS key arn:aws:kms:us-east-1:"+tpAccount+":alias/aws/kinesis is disabled.")(t, kmsPut(api, "plain"))
	})
}
