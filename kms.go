package kinesisfake

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// KMSKeyState is the state of a KMS key in the Fake's small model of KMS,
// as far as Kinesis can tell it apart.
type KMSKeyState int

// The key states a test can give a key with SetKMSKeyState.
const (
	// KMSKeyEnabled: the key works. Every key is enabled until told
	// otherwise, alias/aws/kinesis included.
	KMSKeyEnabled KMSKeyState = iota
	// KMSKeyDisabled: KMSDisabledException.
	KMSKeyDisabled
	// KMSKeyPendingDeletion: KMSInvalidStateException.
	KMSKeyPendingDeletion
	// KMSKeyNotFound: KMSNotFoundException.
	KMSKeyNotFound
	// KMSKeyAccessDenied: KMSAccessDeniedException.
	KMSKeyAccessDenied
	// KMSKeyOptInRequired: KMSOptInRequired.
	KMSKeyOptInRequired
	// KMSKeyThrottled: KMSThrottlingException.
	KMSKeyThrottled
)

// SetKMSKeyState sets the state of a KMS key. key may be a key id, a key
// ARN, an alias name (alias/NAME) or an alias ARN; a key ARN and its key id
// name the same key, as do an alias ARN and its alias name (the model does
// not link aliases to the keys they point at).
func (f *Fake) SetKMSKeyState(key string, state KMSKeyState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.kmsKeys == nil {
		f.kmsKeys = make(map[string]KMSKeyState)
	}
	f.kmsKeys[kmsKeyName(key)] = state
	for _, s := range f.streams {
		if s.encryption == types.EncryptionTypeKms && kmsKeyName(s.keyID) == kmsKeyName(key) {
			s.wakeReaders() // their subscriptions see the key's new state
		}
	}
}

// kmsKeyName reduces the ways of naming a key to one: key ARNs to the key
// id, alias ARNs to alias/NAME. Key ids are UUIDs, which KMS reads without
// regard to case; alias names keep theirs.
func kmsKeyName(key string) string {
	if strings.HasPrefix(key, "arn:") {
		parts := strings.SplitN(key, ":", 6)
		if len(parts) == 6 {
			key = parts[5]
			if id, ok := strings.CutPrefix(key, "key/"); ok {
				key = id
			}
		}
	}
	if strings.HasPrefix(key, "alias/") {
		return key
	}
	return strings.ToLower(key)
}

// kmsKeyARN is how error texts name a key.
func (f *Fake) kmsKeyARN(key string) string {
	if strings.HasPrefix(key, "arn:") {
		return key
	}
	if strings.HasPrefix(key, "alias/") {
		return fmt.Sprintf("arn:aws:kms:%s:%s:%s", f.region, f.account, key)
	}
	return fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", f.region, f.account, key)
}

// kmsPrincipal is the caller identity KMS error texts name.
func (f *Fake) kmsPrincipal() string {
	return fmt.Sprintf("arn:aws:sts::%s:assumed-role/kinesisfake/session", f.account)
}

// checkKMS fails a put (write) or a read of an encrypted stream whose key is
// not usable. The caller holds f.mu.
func (f *Fake) checkKMS(s *stream, write bool) error {
	if s.encryption != types.EncryptionTypeKms {
		return nil
	}
	state := f.kmsKeys[kmsKeyName(s.keyID)]
	if state == KMSKeyEnabled {
		return nil
	}
	return f.kmsError(state, s.keyID, s.name, write)
}

// kmsError is the exception Kinesis passes on for a key in state. Only the
// access-denied texts were seen from AWS; the others are written in the
// same style from the model's descriptions of the exceptions.
func (f *Fake) kmsError(state KMSKeyState, key, streamName string, write bool) error {
	arn := f.kmsKeyARN(key)
	switch state {
	case KMSKeyDisabled:
		return &types.KMSDisabledException{Message: ptr(fmt.Sprintf("The request was rejected because the specified KMS key %s is disabled.", arn))}
	case KMSKeyPendingDeletion:
		return &types.KMSInvalidStateException{Message: ptr(fmt.Sprintf("The request was rejected because the state of the specified KMS key %s is not valid for this request: %s is pending deletion.", arn, arn))}
	case KMSKeyNotFound:
		return &types.KMSNotFoundException{Message: ptr(fmt.Sprintf("The request was rejected because the specified KMS key %s was not found.", arn))}
	case KMSKeyAccessDenied:
		if write {
			return &types.KMSAccessDeniedException{Message: ptr(fmt.Sprintf("User: %s is not authorized to perform: kms:GenerateDataKey on resource: %s", f.kmsPrincipal(), arn))}
		}
		return &types.KMSAccessDeniedException{Message: ptr(fmt.Sprintf("User: %s is not authorized to decrypt records in stream %s", f.kmsPrincipal(), streamName))}
	case KMSKeyOptInRequired:
		return &types.KMSOptInRequired{Message: ptr("The AWS access key ID needs a subscription for the service.")}
	case KMSKeyThrottled:
		return &types.KMSThrottlingException{Message: ptr(fmt.Sprintf("The request was denied due to request throttling for KMS key %s. Rate exceeded.", arn))}
	}
	return nil
}
