package kinesisfake

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/kinesisfake/kinesisfake/internal/sigv4"
)

// What the HTTP door does before any operation: the signature, CORS and the
// request ids, as AWS's front end does them.

// TestCredentials are the credentials f.Client() and Options sign with. A
// Fake that verifies signatures (WithSignatureVerification) always knows
// them.
var TestCredentials = aws.Credentials{
	AccessKeyID:     "AKIDKINESISFAKE0000",
	SecretAccessKey: "kinesisfake-test-secret",
	Source:          "kinesisfake.TestCredentials",
}

// testCredentials provides TestCredentials.
var testCredentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
	return TestCredentials, nil
})

// WithSignatureVerification makes the HTTP door verify every request's
// AWS Signature Version 4, as AWS does, against the given secret access
// keys (by access key id; TestCredentials are always known): an unknown key
// is UnrecognizedClientException, a signature dated more than 5 minutes
// from the system clock's now (the clients' clocks are real ones, whatever
// the Fake's clock) or one that does not match is InvalidSignatureException,
// with AWS's texts. Without it the door checks only what AWS checks before
// it knows the secret: that a request is signed, once, with every part of a
// signature.
func WithSignatureVerification(secrets map[string]string) Option {
	return func(f *Fake) {
		v := &sigv4.Verifier{Secrets: map[string]string{TestCredentials.AccessKeyID: TestCredentials.SecretAccessKey}, Now: time.Now}
		for id, secret := range secrets {
			v.Secrets[id] = secret
		}
		f.verifier = v
	}
}

// checkSignature applies the signature checks to a request of the HTTP
// door whose operation is known.
func (f *Fake) checkSignature(r *http.Request, body []byte) *sigv4.Failure {
	if fail := sigv4.Inspect(r); fail != nil {
		return fail
	}
	if f.verifier != nil {
		return f.verifier.Verify(r, body)
	}
	return nil
}

// corsHeaders are AWS's headers for a request with an Origin: any origin
// may read the answer and these headers of it; a preflight (OPTIONS) is
// allowed the methods and headers it asks for, for two days.
func corsHeaders(hdr http.Header, r *http.Request, preflight bool) {
	hdr.Set("Access-Control-Allow-Origin", "*")
	if !preflight {
		hdr.Set("Access-Control-Expose-Headers", "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date")
		return
	}
	if v := r.Header.Get("Access-Control-Request-Headers"); v != "" {
		hdr.Set("Access-Control-Allow-Headers", v)
	}
	if v := r.Header.Get("Access-Control-Request-Method"); v != "" {
		hdr.Set("Access-Control-Allow-Methods", v)
	}
	hdr.Set("Access-Control-Max-Age", "172800")
}

// extendedRequestID is the x-amz-id-2 of a response: base64 of 72 bytes, as
// AWS's are, derived from the request id so that runs repeat. The bytes
// are a splitmix64 sequence seeded by the id's FNV-1a hash: they need to
// look random and be stable, not to be secure, and every response carries
// one (a SHA-512 cost a microsecond of f.Client()'s call).
func extendedRequestID(requestID string) string {
	h := uint64(14695981039346656037) // FNV-1a's offset basis
	for i := 0; i < len(requestID); i++ {
		h = (h ^ uint64(requestID[i])) * 1099511628211
	}
	var id [72]byte
	for i := 0; i < len(id); i += 8 {
		h += 0x9e3779b97f4a7c15 // splitmix64
		z := h
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		binary.BigEndian.PutUint64(id[i:], z^z>>31)
	}
	return base64.StdEncoding.EncodeToString(id[:])
}
