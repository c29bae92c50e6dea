package kinesisfake

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// Resource policies attach to a data stream or to a registered consumer,
// named by ARN. f.policies stores them by ResourceARN plus the serial of
// the stream's incarnation, so that a policy dies with its stream: a stream
// deleted and created again under the same name (the same ARN) starts
// without one, as does a consumer of the new stream.

// emptyPolicy is what GetResourcePolicy returns for a resource without a
// policy. AWS's model requires Policy in the answer and documents no error
// for this case; kinesisfake answers with an empty JSON policy document.
const emptyPolicy = "{}"

// putResourcePolicy implements PutResourcePolicy: it attaches the policy,
// replacing any earlier one. The policy must be a JSON object; kinesisfake
// does not check the IAM policy grammar beyond that.
func (f *Fake) putResourcePolicy(in *kinesis.PutResourcePolicyInput) (*kinesis.PutResourcePolicyOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	key, err := f.policyKey(*in.ResourceARN, now, true)
	if err != nil {
		return nil, err
	}
	if err := checkPolicyDocument(*in.Policy); err != nil {
		return nil, err
	}
	f.policies[key] = *in.Policy
	return &kinesis.PutResourcePolicyOutput{}, nil
}

// getResourcePolicy implements GetResourcePolicy: the policy as it was put,
// or an empty document if there is none.
func (f *Fake) getResourcePolicy(in *kinesis.GetResourcePolicyInput) (*kinesis.GetResourcePolicyOutput, error) {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	key, err := f.policyKey(*in.ResourceARN, now, false)
	if err != nil {
		return nil, err
	}
	policy, ok := f.policies[key]
	if !ok {
		policy = emptyPolicy
	}
	return &kinesis.GetResourcePolicyOutput{Policy: ptr(policy)}, nil
}

// deleteResourcePolicy implements DeleteResourcePolicy. Deleting the policy
// of a resource that has none fails: AWS refused it in LocalStack's
// AWS-validated test_resource_policy_crud (2025-08) without the code being
// recorded, and the model's only fitting error is ResourceNotFoundException.
// The text is kinesisfake's.
func (f *Fake) deleteResourcePolicy(in *kinesis.DeleteResourcePolicyInput) (*kinesis.DeleteResourcePolicyOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	key, err := f.policyKey(*in.ResourceARN, now, true)
	if err != nil {
		return nil, err
	}
	if _, ok := f.policies[key]; !ok {
		return nil, resourceNotFound("Resource %s has no resource policy.", *in.ResourceARN)
	}
	delete(f.policies, key)
	return &kinesis.DeleteResourcePolicyOutput{}, nil
}

// policyKey resolves a ResourceARN to the key of its policy in f.policies,
// checking that the resource exists at now: a stream as every stream
// operation finds it, a consumer as the consumer operations do (in any
// state until its deregistration completes, and only with the creation
// time it was registered with). A change (change true) also needs the
// stream ACTIVE: AWS documents ResourceInUseException ("the resource must
// be in the ACTIVE state") for putting and deleting policies. Reading a
// policy works in any state the stream can be found in. The caller holds
// f.mu.
func (f *Fake) policyKey(resourceARN string, now time.Time, change bool) (string, error) {
	isConsumer, ok := resourceKind(resourceARN)
	if !ok {
		return "", invalidArgument("ResourceARN %s is not the ARN of a Kinesis data stream or consumer.", resourceARN)
	}
	var s *stream
	var err error
	if isConsumer {
		s, _, err = f.lookupConsumer(consumerRef{arn: &resourceARN}, now)
	} else {
		s, err = f.lookupStream(streamRef{arn: &resourceARN})
	}
	if err != nil {
		return "", err
	}
	if change {
		if err := f.requireActive(s, now, false); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%s#%d", resourceARN, s.tag.serial), nil
}

// resourceKind tells the two shapes of ResourceARN apart:
// arn:PARTITION:kinesis:REGION:ACCOUNT:stream/S and
// arn:PARTITION:kinesis:REGION:ACCOUNT:stream/S/consumer/C:EPOCH. The
// model's pattern admits more than these, so anything else is refused here.
func resourceKind(arn string) (isConsumer, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "kinesis" {
		return false, false
	}
	rest, found := strings.CutPrefix(parts[5], "stream/")
	if !found {
		return false, false
	}
	stream, consumer, isConsumer := strings.Cut(rest, "/consumer/")
	if stream == "" || strings.ContainsAny(stream, "/:") {
		return false, false
	}
	if !isConsumer {
		return false, true
	}
	name, epoch, found := strings.Cut(consumer, ":")
	if !found || name == "" || strings.Contains(name, "/") || epoch == "" || strings.Trim(epoch, "0123456789") != "" {
		return false, false
	}
	return true, true
}

// checkPolicyDocument refuses a policy that is not a JSON object. AWS's
// text for a malformed policy is not documented; kinesisfake's says what is
// wrong.
func checkPolicyDocument(policy string) error {
	var doc map[string]any
	if err := json.Unmarshal([]byte(policy), &doc); err != nil || doc == nil {
		return invalidArgument("Policy is not a valid JSON policy document: it must be a JSON object.")
	}
	return nil
}
