package kinesisfake

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const scKeyUUID = "12345678-1234-1234-1234-123456789012"

// startEncryption starts KMS encryption of a stream through the door.
func (h *sc) startEncryption(stream, key string) error {
	_, err := h.api.StartStreamEncryption(h.ctx, &kinesis.StartStreamEncryptionInput{
		StreamName: aws.String(stream), EncryptionType: types.EncryptionTypeKms, KeyId: aws.String(key),
	})
	return err
}

// stopEncryption stops KMS encryption of a stream through the door.
func (h *sc) stopEncryption(stream, key string) error {
	_, err := h.api.StopStreamEncryption(h.ctx, &kinesis.StopStreamEncryptionInput{
		StreamName: aws.String(stream), EncryptionType: types.EncryptionTypeKms, KeyId: aws.String(key),
	})
	return err
}

func TestStartStreamEncryption(t *testing.T) {
	tests := []struct {
		name   string
		stream string // default "s"
		typ    types.EncryptionType
		key    string
		setup  func(t *testing.T, h *sc)
		want   scErrCheck
	}{
		{name: "key id", key: scKeyUUID},
		{name: "key id in capitals", key: "ABCDEF12-1234-1234-1234-123456789012"},
		{name: "multi-Region key id", key: "mrk-1234abcd12ab34cd56ef1234567890ab"},
		{name: "key ARN", key: "arn:aws:kms:us-east-1:123456789012:key/" + scKeyUUID},
		{name: "alias ARN", key: "arn:aws:kms:us-east-1:123456789012:alias/MyAliasName"},
		{name: "alias name", key: "alias/MyAliasName"},
		{name: "Kinesis-owned key", key: "alias/aws/kinesis"},
		{name: "new key on an encrypted stream", key: "alias/second",
			setup: func(t *testing.T, h *sc) { require.NoError(t, h.startEncryption("s", "alias/first")) }},

		{name: "missing stream", stream: "missing", key: scKeyUUID,
			want: scWant[types.ResourceNotFoundException]("Stream missing under account " + scAccount + " not found.")},
		{name: "encryption type NONE", typ: types.EncryptionTypeNone, key: scKeyUUID,
			want: scWant[types.InvalidArgumentException]("EncryptionType NONE is not supported. The only valid EncryptionType is KMS.")},
		{name: "malformed key id", key: "not-a-key",
			want: scWant[types.KMSNotFoundException]("Invalid keyId not-a-key")},
		{name: "alias without alias/ prefix", key: "MyAliasName",
			want: scWant[types.KMSNotFoundException]("Invalid keyId MyAliasName")},
		{name: "key ARN with a malformed key id", key: "arn:aws:kms:us-east-1:123456789012:key/nope",
			want: scWant[types.KMSNotFoundException]("Invalid keyId arn:aws:kms:us-east-1:123456789012:key/nope")},
		{name: "ARN of another service", key: "arn:aws:s3:::bucket",
			want: scWant[types.KMSNotFoundException]("Invalid keyId arn:aws:s3:::bucket")},
		{name: "key in another Region", key: "arn:aws:kms:us-west-2:123456789012:key/" + scKeyUUID,
			want: scWant[types.KMSNotFoundException]("Invalid arn us-west-2")},
		{name: "disabled key", key: scKeyUUID,
			setup: func(_ *testing.T, h *sc) { h.f.SetKMSKeyState(scKeyUUID, KMSKeyDisabled) },
			want: func(t *testing.T, op string, err error) {
				var e *types.KMSDisabledException
				require.ErrorAs(t, err, &e)
				assert.Contains(t, e.ErrorMessage(), "arn:aws:kms:us-east-1:"+scAccount+":key/"+scKeyUUID)
			}},
		{name: "key not found in KMS", key: "alias/gone",
			setup: func(_ *testing.T, h *sc) { h.f.SetKMSKeyState("alias/gone", KMSKeyNotFound) },
			want: func(t *testing.T, op string, err error) {
				var e *types.KMSNotFoundException
				require.ErrorAs(t, err, &e)
			}},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door)
				h.stream("s", 2)
				if tt.setup != nil {
					tt.setup(t, h)
				}
				stream, typ := "s", types.EncryptionTypeKms
				if tt.stream != "" {
					stream = tt.stream
				}
				if tt.typ != "" {
					typ = tt.typ
				}
				before := scStream(t, h.f, "s").keyID
				_, err := h.api.StartStreamEncryption(h.ctx, &kinesis.StartStreamEncryptionInput{
					StreamName: aws.String(stream), EncryptionType: typ, KeyId: aws.String(tt.key),
				})
				scCheck(t, tt.want, "StartStreamEncryption", err)
				s := scStream(t, h.f, "s")
				if tt.want != nil {
					assert.Equal(t, before, s.keyID, "a failed call changes nothing")
					return
				}
				assert.Equal(t, types.EncryptionTypeKms, s.encryption)
				assert.Equal(t, tt.key, s.keyID)
				out := h.put("s", "k", []byte("secret"))
				assert.Equal(t, types.EncryptionTypeKms, out.EncryptionType)
				recs := h.f.Records("s", *out.ShardId)
				require.Len(t, recs, 1)
				assert.Equal(t, types.EncryptionTypeKms, recs[0].EncryptionType)
			})
		}
	})
}

func TestStartStreamEncryptionByARN(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := scFakeOn(t, door)
		arn := h.stream("s", 1)
		_, err := h.api.StartStreamEncryption(h.ctx, &kinesis.StartStreamEncryptionInput{
			StreamARN: aws.String(arn), EncryptionType: types.EncryptionTypeKms, KeyId: aws.String(scKeyUUID),
		})
		require.NoError(t, err)
		assert.Equal(t, types.EncryptionTypeKms, scStream(t, h.f, "s").encryption)
	})
}

func TestStopStreamEncryption(t *testing.T) {
	tests := []struct {
		name      string
		stream    string
		typ       types.EncryptionType
		encrypted bool
		want      scErrCheck
	}{
		{name: "encrypted stream", encrypted: true},
		{name: "stream not encrypted", encrypted: false},
		{name: "missing stream", stream: "missing", encrypted: true,
			want: scWant[types.ResourceNotFoundException]("Stream missing under account " + scAccount + " not found.")},
		{name: "encryption type NONE", typ: types.EncryptionTypeNone, encrypted: true,
			want: scWant[types.InvalidArgumentException]("EncryptionType NONE is not supported. The only valid EncryptionType is KMS.")},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door)
				h.stream("s", 1)
				if tt.encrypted {
					require.NoError(t, h.startEncryption("s", scKeyUUID))
				}
				stream, typ := "s", types.EncryptionTypeKms
				if tt.stream != "" {
					stream = tt.stream
				}
				if tt.typ != "" {
					typ = tt.typ
				}
				_, err := h.api.StopStreamEncryption(h.ctx, &kinesis.StopStreamEncryptionInput{
					StreamName: aws.String(stream), EncryptionType: typ, KeyId: aws.String(scKeyUUID),
				})
				scCheck(t, tt.want, "StopStreamEncryption", err)
				s := scStream(t, h.f, "s")
				if tt.want != nil {
					assert.Equal(t, tt.encrypted, s.encryption == types.EncryptionTypeKms, "a failed call changes nothing")
					return
				}
				assert.Equal(t, types.EncryptionTypeNone, s.encryption)
				assert.Empty(t, s.keyID)
				out := h.put("s", "k", []byte("plain"))
				assert.Empty(t, out.EncryptionType, "a put to an unencrypted stream says nothing of encryption")
				recs := h.f.Records("s", *out.ShardId)
				require.NotEmpty(t, recs)
				assert.Empty(t, recs[len(recs)-1].EncryptionType)
			})
		}
	})
}

// TestEncryptionKeepsEarlierRecords checks that starting and stopping
// encryption marks only the records put while the stream was encrypted.
func TestEncryptionKeepsEarlierRecords(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := scFakeOn(t, door)
		h.stream("s", 1)
		h.put("s", "k", []byte("before"))
		require.NoError(t, h.startEncryption("s", scKeyUUID))
		h.put("s", "k", []byte("during"))
		require.NoError(t, h.stopEncryption("s", scKeyUUID))
		h.put("s", "k", []byte("after"))

		recs := h.f.Records("s", "shardId-000000000000")
		require.Len(t, recs, 3)
		got := map[string]types.EncryptionType{}
		for _, r := range recs {
			got[string(r.Data)] = r.EncryptionType
		}
		assert.Equal(t, map[string]types.EncryptionType{"before": "", "during": types.EncryptionTypeKms, "after": ""}, got)
	})
}

// TestEncryptionPassesThroughUpdating checks the stream's status on the
// clock: UPDATING for the Update delay, during which another change is
// refused, then ACTIVE.
func TestEncryptionPassesThroughUpdating(t *testing.T) {
	const delay = 10 * time.Second
	forDoors(t, func(t *testing.T, door testDoor) {
		h := scFakeOn(t, door, WithStateDelays(StateDelays{Update: delay}))
		h.stream("s", 1)

		steps := []struct {
			name string
			call func() error
		}{
			{name: "start", call: func() error { return h.startEncryption("s", scKeyUUID) }},
			{name: "stop", call: func() error { return h.stopEncryption("s", scKeyUUID) }},
		}
		for _, step := range steps {
			t.Run(step.name, func(t *testing.T) {
				require.NoError(t, step.call())
				assert.Equal(t, types.StreamStatusUpdating, scStatus(t, h.f, "s"))
				scWant[types.ResourceInUseException]("Stream s under account "+scAccount+" not ACTIVE, instead in state UPDATING")(t, "StartStreamEncryption", h.startEncryption("s", "alias/other"))
				h.clk.Advance(delay - time.Millisecond)
				assert.Equal(t, types.StreamStatusUpdating, scStatus(t, h.f, "s"))
				h.clk.Advance(time.Millisecond)
				assert.Equal(t, types.StreamStatusActive, scStatus(t, h.f, "s"))
			})
		}
	})
}

// TestEncryptionDailyLimits checks the 25-per-rolling-day limits, which
// StartStreamEncryption and StopStreamEncryption count separately. Every
// door makes one engine call per API call (the harness's clients do not
// retry), so the counts are the same through each.
func TestEncryptionDailyLimits(t *testing.T) {
	rateExceeded := scWant[types.LimitExceededException]("Rate exceeded for stream s under account " + scAccount + ".")
	tests := []struct {
		name string
		op   string
		call func(h *sc) error
	}{
		{name: "start", op: "StartStreamEncryption", call: func(h *sc) error { return h.startEncryption("s", scKeyUUID) }},
		{name: "stop", op: "StopStreamEncryption", call: func(h *sc) error { return h.stopEncryption("s", scKeyUUID) }},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door)
				h.stream("s", 1)
				for i := range maxEncryptionChangesPerDay {
					require.NoError(t, tt.call(h), "call %d", i+1)
					h.clk.Advance(time.Minute)
				}
				rateExceeded(t, tt.op, tt.call(h))

				// The other operation has its own count.
				other := tests[0]
				if tt.name == other.name {
					other = tests[1]
				}
				require.NoError(t, other.call(h))

				// The first call leaves the window 24 hours after it was made.
				h.clk.Set(scStart.Add(rollingDay - time.Millisecond))
				rateExceeded(t, tt.op, tt.call(h))
				h.clk.Set(scStart.Add(rollingDay))
				require.NoError(t, tt.call(h))
				rateExceeded(t, tt.op, tt.call(h))
			})
		}
	})
}

func TestWellFormedKMSKey(t *testing.T) {
	tests := []struct {
		key  string
		want bool
	}{
		{scKeyUUID, true},
		{"mrk-1234abcd12ab34cd56ef1234567890ab", true},
		{"mrk-1234", false},
		{"alias/a", true},
		{"alias/aws/kinesis", true},
		{"alias/", false},
		{"alias/has space", false},
		{"arn:aws:kms:us-east-1:123456789012:key/" + scKeyUUID, true},
		{"arn:aws-cn:kms:cn-north-1:123456789012:key/" + scKeyUUID, true},
		{"arn:aws:kms:us-east-1:123456789012:alias/a", true},
		{"arn:aws:kms:us-east-1:123:key/" + scKeyUUID, false},
		{"arn:aws:kms:us-east-1:123456789012:alias/", false},
		{"12345678123412341234123456789012", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			assert.Equal(t, tt.want, wellFormedKMSKey(tt.key))
		})
	}
}
