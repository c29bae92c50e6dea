package kinesisfake

import (
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// maxEncryptionChangesPerDay is how many times a stream may start (and,
// separately, stop) server-side encryption in a rolling 24-hour period.
const maxEncryptionChangesPerDay = 25

// startStreamEncryption implements StartStreamEncryption: the stream passes
// through UPDATING and records put from now on are encrypted with the key.
// Calling it on an encrypted stream changes the key.
//
// The new setting applies at once, also to records put while the stream is
// UPDATING. AWS names no exact moment (encryption begins once the stream is
// ACTIVE again and may take up to 5 seconds more), so a test cannot rely on
// one either way; applying it at once keeps the change visible without
// waiting.
func (f *Fake) startStreamEncryption(in *kinesis.StartStreamEncryptionInput) (*kinesis.StartStreamEncryptionOutput, error) {
	if err := checkEncryptionType(in.EncryptionType); err != nil {
		return nil, err
	}
	keyID := *in.KeyId
	err := f.changeEncryption(streamRef{name: in.StreamName, arn: in.StreamARN},
		func(s *stream) *[]int64 { return &s.encryptionUpdatesMs },
		func(s *stream) error {
			if err := f.checkEncryptionKey(keyID, s.name); err != nil {
				return err
			}
			s.encryption, s.keyID = types.EncryptionTypeKms, keyID
			return nil
		})
	if err != nil {
		return nil, err
	}
	return &kinesis.StartStreamEncryptionOutput{}, nil
}

// changeEncryption is what starting and stopping encryption share: an
// ACTIVE stream, at most maxEncryptionChangesPerDay calls of the kind in
// the rolling 24 hours before now (history picks the kind's log), then
// apply and UPDATING.
func (f *Fake) changeEncryption(ref streamRef, history func(*stream) *[]int64, apply func(*stream) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, err := f.activeStream(ref, now)
	if err != nil {
		return err
	}
	calls := history(s)
	recent := recentCalls(*calls, now)
	*calls = recent
	if len(recent) >= maxEncryptionChangesPerDay {
		return f.streamRateExceeded(s)
	}
	if err := apply(s); err != nil {
		return err
	}
	s.transition(now, types.StreamStatusUpdating, types.StreamStatusActive, f.delays.Update)
	*calls = append(recent, msOf(now))
	return nil
}

// stopStreamEncryption implements StopStreamEncryption: the stream passes
// through UPDATING and records put from now on are stored unencrypted.
//
// AWS documents no check of KeyId against the stream's key, nor an error
// for a stream that is not encrypted; kinesisfake accepts both (the stream
// still passes through UPDATING and the call counts against the limit).
func (f *Fake) stopStreamEncryption(in *kinesis.StopStreamEncryptionInput) (*kinesis.StopStreamEncryptionOutput, error) {
	if err := checkEncryptionType(in.EncryptionType); err != nil {
		return nil, err
	}
	err := f.changeEncryption(streamRef{name: in.StreamName, arn: in.StreamARN},
		func(s *stream) *[]int64 { return &s.encryptionStopsMs },
		func(s *stream) error {
			s.encryption, s.keyID = types.EncryptionTypeNone, ""
			return nil
		})
	if err != nil {
		return nil, err
	}
	return &kinesis.StopStreamEncryptionOutput{}, nil
}

// checkEncryptionType accepts KMS, "the only valid value" of both
// encryption operations. The model's enum also allows NONE, so a request
// with NONE passes validation and is refused here.
func checkEncryptionType(t types.EncryptionType) error {
	if t == types.EncryptionTypeKms {
		return nil
	}
	return invalidArgument("EncryptionType %s is not supported. The only valid EncryptionType is KMS.", t)
}

// KMS key identifiers, as KMS accepts them: a key id (a UUID, or mrk- and
// 32 hex digits for a multi-Region key), an alias name (alias/ and letters,
// digits, '/', '_' or '-'; alias/aws/kinesis is the key Kinesis owns), or
// the ARN of either.
var (
	kmsKeyIDPattern     = regexp.MustCompile(`^(?i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`)
	kmsAliasNamePattern = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]{1,250}$`)
	kmsARNPattern       = regexp.MustCompile(`^arn:aws(-[a-z]+)*:kms:([a-z0-9-]+):[0-9]{12}:(key/.+|alias/.+)$`)
)

// checkEncryptionKey is the one place that decides whether StartStreamEncryption
// may use a KMS key. Kinesis passes the key to KMS, so a key id KMS cannot
// parse fails with KMS's own NotFoundException texts ("Invalid keyId ...";
// "Invalid arn REGION" for an ARN of another Region, since keys are
// Regional). A well-formed key is then looked up in the Fake's KMS model
// (SetKMSKeyState): a disabled, missing or otherwise unusable key fails with
// the matching KMS exception. The caller holds f.mu.
func (f *Fake) checkEncryptionKey(keyID, streamName string) error {
	if !wellFormedKMSKey(keyID) {
		return &types.KMSNotFoundException{Message: ptr("Invalid keyId " + keyID)}
	}
	if m := kmsARNPattern.FindStringSubmatch(keyID); m != nil && m[2] != f.region {
		return &types.KMSNotFoundException{Message: ptr("Invalid arn " + m[2])}
	}
	if state := f.kmsKeys[kmsKeyName(keyID)]; state != KMSKeyEnabled {
		return f.kmsError(state, keyID, streamName, true)
	}
	return nil
}

// wellFormedKMSKey reports whether keyID has one of the shapes KMS accepts.
func wellFormedKMSKey(keyID string) bool {
	if m := kmsARNPattern.FindStringSubmatch(keyID); m != nil {
		resource := m[3]
		if id, ok := strings.CutPrefix(resource, "key/"); ok {
			return kmsKeyIDPattern.MatchString(id)
		}
		return kmsAliasNamePattern.MatchString(resource)
	}
	return kmsKeyIDPattern.MatchString(keyID) || kmsAliasNamePattern.MatchString(keyID)
}
