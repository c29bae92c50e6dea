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

const (
	scPolicy  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":["kinesis:PutRecord"],"Resource":"*"}]}`
	scPolicy2 = `{"Version":"2012-10-17","Statement":[]}`
)

// putPolicy puts a resource policy through the door.
func (h *sc) putPolicy(arn, policy string) error {
	_, err := h.api.PutResourcePolicy(h.ctx, &kinesis.PutResourcePolicyInput{ResourceARN: aws.String(arn), Policy: aws.String(policy)})
	return err
}

// getPolicy reads a resource policy through the door.
func (h *sc) getPolicy(arn string) (string, error) {
	out, err := h.api.GetResourcePolicy(h.ctx, &kinesis.GetResourcePolicyInput{ResourceARN: aws.String(arn)})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Policy), nil
}

// deletePolicy deletes a resource policy through the door.
func (h *sc) deletePolicy(arn string) error {
	_, err := h.api.DeleteResourcePolicy(h.ctx, &kinesis.DeleteResourcePolicyInput{ResourceARN: aws.String(arn)})
	return err
}

func TestResourcePolicyLifecycle(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := scFakeOn(t, door)
		stream := h.stream("s", 1)
		cons := h.consumer(stream, "c")
		tests := []struct {
			name string
			arn  string
		}{
			{name: "stream", arn: stream},
			{name: "consumer", arn: cons},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				// AWS's answers in LocalStack's AWS-validated
				// test_resource_policy_crud (2025-08): "{}" before a policy is
				// put and after it is deleted; deleting it again fails.
				noPolicy := scWant[types.ResourceNotFoundException]("Resource " + tt.arn + " has no resource policy.")
				steps := []struct {
					do      func() error
					wantErr scErrCheck // nil for success
					want    string     // GetResourcePolicy afterwards
				}{
					{do: func() error { return nil }, want: emptyPolicy},
					{do: func() error { return h.deletePolicy(tt.arn) }, wantErr: noPolicy, want: emptyPolicy},
					{do: func() error { return h.putPolicy(tt.arn, scPolicy) }, want: scPolicy},
					{do: func() error { return h.putPolicy(tt.arn, scPolicy2) }, want: scPolicy2},
					{do: func() error { return h.deletePolicy(tt.arn) }, want: emptyPolicy},
					{do: func() error { return h.deletePolicy(tt.arn) }, wantErr: noPolicy, want: emptyPolicy},
				}
				for i, step := range steps {
					if step.wantErr != nil {
						step.wantErr(t, "DeleteResourcePolicy", step.do())
					} else {
						require.NoError(t, step.do(), "step %d", i)
					}
					got, err := h.getPolicy(tt.arn)
					require.NoError(t, err)
					assert.Equal(t, step.want, got, "step %d", i)
				}
			})
		}
	})
}

func TestResourcePoliciesAreSeparate(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := scFakeOn(t, door)
		a := h.stream("a", 1)
		b := h.stream("b", 1)
		cons := h.consumer(a, "c")
		require.NoError(t, h.putPolicy(a, scPolicy))
		require.NoError(t, h.putPolicy(cons, scPolicy2))

		for arn, want := range map[string]string{a: scPolicy, cons: scPolicy2, b: emptyPolicy} {
			got, err := h.getPolicy(arn)
			require.NoError(t, err)
			assert.Equal(t, want, got, arn)
		}
	})
}

// TestResourcePolicyDiesWithItsStream checks that a stream created again
// under the same name (the same ARN) does not inherit the old policy.
func TestResourcePolicyDiesWithItsStream(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := scFakeOn(t, door)
		arn := h.stream("s", 1)
		require.NoError(t, h.putPolicy(arn, scPolicy))
		h.deleteStream("s")

		_, err := h.getPolicy(arn)
		scWant[types.ResourceNotFoundException]("Stream s under account "+scAccount+" not found.")(t, "GetResourcePolicy", err)

		require.Equal(t, arn, h.stream("s", 1))
		got, err := h.getPolicy(arn)
		require.NoError(t, err)
		assert.Equal(t, emptyPolicy, got)
	})
}

func TestResourcePolicyErrors(t *testing.T) {
	const account = "arn:aws:kinesis:us-east-1:" + scAccount + ":"
	notFound := func(msg string) scErrCheck { return scWant[types.ResourceNotFoundException](msg) }
	tests := []struct {
		name     string
		arn      string
		policy   string // for PutResourcePolicy; default scPolicy
		putOnly  bool   // the error is PutResourcePolicy's alone
		updating bool   // the stream is UPDATING
		want     scErrCheck
		wantGet  scErrCheck // GetResourcePolicy's answer when it differs
	}{
		{name: "missing stream", arn: account + "stream/missing",
			want: notFound("Stream missing under account " + scAccount + " not found.")},
		{name: "stream of another account", arn: "arn:aws:kinesis:us-east-1:111122223333:stream/s",
			want: notFound("Stream s under account 111122223333 not found.")},
		{name: "stream of another Region", arn: "arn:aws:kinesis:eu-west-1:" + scAccount + ":stream/s",
			want: notFound("Stream s under account " + scAccount + " not found.")},
		{name: "missing consumer", arn: account + "stream/s/consumer/nobody:1748764800",
			want: notFound("Consumer nobody under stream s under account " + scAccount + " not found.")},
		{name: "consumer with another creation time", arn: account + "stream/s/consumer/c:1",
			want: notFound("Consumer c under stream s under account " + scAccount + " not found.")},
		{name: "consumer of a missing stream", arn: account + "stream/missing/consumer/c:1748764800",
			want: notFound("Stream missing under account " + scAccount + " not found.")},
		{name: "neither stream nor consumer", arn: account + "stream/s/shard/0",
			want: scWant[types.InvalidArgumentException]("ResourceARN " + account + "stream/s/shard/0 is not the ARN of a Kinesis data stream or consumer.")},
		{name: "consumer without creation time", arn: account + "stream/s/consumer/c",
			want: scWant[types.InvalidArgumentException]("ResourceARN " + account + "stream/s/consumer/c is not the ARN of a Kinesis data stream or consumer.")},
		{name: "not JSON", arn: account + "stream/s", policy: "allow everyone", putOnly: true,
			want: scWant[types.InvalidArgumentException]("Policy is not a valid JSON policy document: it must be a JSON object.")},
		{name: "JSON but not an object", arn: account + "stream/s", policy: "[]", putOnly: true,
			want: scWant[types.InvalidArgumentException]("Policy is not a valid JSON policy document: it must be a JSON object.")},
		{name: "JSON null", arn: account + "stream/s", policy: "null", putOnly: true,
			want: scWant[types.InvalidArgumentException]("Policy is not a valid JSON policy document: it must be a JSON object.")},
		{name: "stream UPDATING", arn: account + "stream/s", updating: true,
			want: scWant[types.ResourceInUseException]("Stream s under account " + scAccount + " not ACTIVE, instead in state UPDATING")},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door, WithStateDelays(StateDelays{Update: time.Second}))
				h.consumer(h.stream("s", 1), "c")
				if tt.updating {
					require.NoError(t, h.startEncryption("s", scKeyUUID))
				}
				policy := scPolicy
				if tt.policy != "" {
					policy = tt.policy
				}
				tt.want(t, "PutResourcePolicy", h.putPolicy(tt.arn, policy))
				if tt.putOnly {
					return
				}
				tt.want(t, "DeleteResourcePolicy", h.deletePolicy(tt.arn))
				got, err := h.getPolicy(tt.arn)
				if tt.updating {
					require.NoError(t, err, "reading a policy does not need an ACTIVE stream")
					assert.Equal(t, emptyPolicy, got)
					return
				}
				tt.want(t, "GetResourcePolicy", err)
			})
		}
	})
}
