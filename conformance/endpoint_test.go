package conformance

// What the tagged suite (conformance_test.go) reads from the environment.
// It lives in an untagged file so that its tests run on every go test.

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// errNoCredentials is endpointClient's answer when real AWS is the target
// and the environment holds no keys.
var errNoCredentials = errors.New("KINESIS_ENDPOINT is empty, so the target is AWS, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set " +
	`(with the AWS CLI v2: eval "$(aws configure export-credentials --format env)")`)

// maxAttempts is how often the suite's client tries a call AWS throttles:
// CreateStream, DeleteStream and the tag operations allow 5 calls a second
// per account, and a scenario makes several in a row.
const maxAttempts = 10

// endpointClient returns the client the tagged suite plays against and a
// description of the target, from the environment as getenv reads it:
//
//   - KINESIS_ENDPOINT: the endpoint's URL; empty means real AWS.
//   - AWS_REGION (or AWS_DEFAULT_REGION): the region, us-east-1 by default.
//   - AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: the
//     keys; required for AWS. An endpoint without them is signed with
//     kinesisfake.TestCredentials, which local emulators accept.
//
// Only the environment's keys are read, not profiles or SSO: the SDK's
// config module, which resolves those, is not a dependency of this
// module.
func endpointClient(getenv func(string) string) (*kinesis.Client, string, error) {
	region := cmp.Or(getenv("AWS_REGION"), getenv("AWS_DEFAULT_REGION"), "us-east-1")
	creds := aws.Credentials{
		AccessKeyID:     getenv("AWS_ACCESS_KEY_ID"),
		SecretAccessKey: getenv("AWS_SECRET_ACCESS_KEY"),
		SessionToken:    getenv("AWS_SESSION_TOKEN"),
		Source:          "environment",
	}
	haveKeys := creds.AccessKeyID != "" && creds.SecretAccessKey != ""
	opts := kinesis.Options{Region: region, Retryer: newRetryer()}
	endpoint := getenv("KINESIS_ENDPOINT")
	target := "AWS (" + region + ")"
	switch {
	case endpoint != "":
		if !haveKeys {
			creds = kinesisfake.TestCredentials
		}
		opts.BaseEndpoint = &endpoint
		// Harmless against any server, needed against a fast one.
		opts.HTTPClient = kinesisfake.SDKHTTPClient(nil)
		target = endpoint
	case !haveKeys:
		return nil, "", errNoCredentials
	}
	opts.Credentials = aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return creds, nil
	}))
	return kinesis.New(opts), target, nil
}

// newRetryer is the standard retryer, retrying what AWS throttles
// (LimitExceededException is among the SDK's throttle codes) and broken
// connections, and nothing else: a 500 is an answer the table must show
// (emulators answer some requests with one), not something to wait out ten
// times. It has no retry quota, which a burst of throttles would exhaust.
func newRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = maxAttempts
		o.RateLimiter = ratelimit.None
		o.Retryables = []retry.IsErrorRetryable{
			retry.NoRetryCanceledError{},
			retry.RetryableError{},
			retry.RetryableConnectionError{},
			retry.RetryableErrorCode{Codes: retry.DefaultThrottleErrorCodes},
		}
	})
}

// skipMatching is Run's skip function for KINESIS_CONFORMANCE_SKIP: it skips
// the scenarios whose names the regular expression matches; an empty
// pattern skips none.
func skipMatching(pattern string) (func(Scenario) string, error) {
	if pattern == "" {
		return nil, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("KINESIS_CONFORMANCE_SKIP: %w", err)
	}
	return func(sc Scenario) string {
		if re.MatchString(sc.Name) {
			return "KINESIS_CONFORMANCE_SKIP=" + pattern
		}
		return ""
	}, nil
}

// TestEndpointClient pins how the environment chooses the target and its
// credentials.
func TestEndpointClient(t *testing.T) {
	keys := map[string]string{"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"}
	cases := []struct {
		name       string
		env        map[string]string
		wantErr    error
		wantTarget string
		wantRegion string
		wantKey    string
		wantToken  string
	}{
		{name: "AWS without keys", env: map[string]string{}, wantErr: errNoCredentials},
		{name: "AWS with keys", env: keys, wantTarget: "AWS (us-east-1)", wantRegion: "us-east-1", wantKey: "AKIAIOSFODNN7EXAMPLE", wantToken: "token"},
		{name: "AWS in another region", env: merge(keys, map[string]string{"AWS_DEFAULT_REGION": "eu-west-1"}), wantTarget: "AWS (eu-west-1)", wantRegion: "eu-west-1", wantKey: "AKIAIOSFODNN7EXAMPLE", wantToken: "token"},
		{name: "AWS_REGION wins", env: merge(keys, map[string]string{"AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "eu-west-1"}), wantTarget: "AWS (ap-south-1)", wantRegion: "ap-south-1", wantKey: "AKIAIOSFODNN7EXAMPLE", wantToken: "token"},
		{name: "endpoint without keys", env: map[string]string{"KINESIS_ENDPOINT": "http://localhost:4567"}, wantTarget: "http://localhost:4567", wantRegion: "us-east-1", wantKey: kinesisfake.TestCredentials.AccessKeyID},
		{name: "endpoint with keys", env: merge(keys, map[string]string{"KINESIS_ENDPOINT": "https://localhost.localstack.cloud:4566"}), wantTarget: "https://localhost.localstack.cloud:4566", wantRegion: "us-east-1", wantKey: "AKIAIOSFODNN7EXAMPLE", wantToken: "token"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, target, err := endpointClient(func(k string) string { return tc.env[k] })
			if tc.wantErr != nil {
				assert.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantTarget, target)
			o := c.Options()
			assert.Equal(t, tc.wantRegion, o.Region)
			if ep := tc.env["KINESIS_ENDPOINT"]; ep != "" {
				assert.Equal(t, ep, aws.ToString(o.BaseEndpoint))
			} else {
				assert.Nil(t, o.BaseEndpoint, "AWS's own endpoint for the region")
			}
			creds, err := o.Credentials.Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tc.wantKey, creds.AccessKeyID)
			assert.Equal(t, tc.wantToken, creds.SessionToken)
			assert.Equal(t, maxAttempts, o.Retryer.MaxAttempts())
		})
	}
}

// TestRetryer pins what the suite's client tries again.
func TestRetryer(t *testing.T) {
	r := newRetryer()
	status := func(code int) error {
		return &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: code}}, Err: errors.New("status")}
	}
	assert.True(t, r.IsErrorRetryable(&types.LimitExceededException{Message: aws.String("Rate exceeded for account 000000000000.")}), "throttled")
	assert.True(t, r.IsErrorRetryable(&types.ProvisionedThroughputExceededException{}), "throttled")
	assert.False(t, r.IsErrorRetryable(status(http.StatusInternalServerError)), "an answer to show")
	assert.False(t, r.IsErrorRetryable(&types.InvalidArgumentException{}), "an answer to show")
}

// TestSkipMatching pins KINESIS_CONFORMANCE_SKIP.
func TestSkipMatching(t *testing.T) {
	skip, err := skipMatching("")
	require.NoError(t, err)
	assert.Nil(t, skip, "no pattern, no skipping")

	skip, err = skipMatching("^Tags_|Retention")
	require.NoError(t, err)
	assert.Equal(t, "KINESIS_CONFORMANCE_SKIP=^Tags_|Retention", skip(Scenario{Name: "Tags_Percent"}))
	assert.NotEmpty(t, skip(Scenario{Name: "Retention_Below24"}))
	assert.Empty(t, skip(Scenario{Name: "NotFound_Tags_"}))

	_, err = skipMatching("(")
	assert.ErrorContains(t, err, "KINESIS_CONFORMANCE_SKIP")
}

// merge is a copy of a with b's entries added.
func merge(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}
