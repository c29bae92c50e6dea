package kinesisfake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// minimumCommitmentPeriod is how long a minimum throughput billing
// commitment must run before it can end ("Commitments have a minimum
// duration of 24 hours").
const minimumCommitmentPeriod = 24 * time.Hour

// accountSettings is what DescribeAccountSettings reports and
// UpdateAccountSettings changes: the account's minimum throughput billing
// commitment. Like a stream's status it is data on the clock: a disable
// asked for before the commitment's earliest end is recorded as an end in
// the future, and every read works out the status at now. It is guarded by
// Fake.mu. The zero value is an account that never had a commitment.
type accountSettings struct {
	committed     bool  // a commitment has been started at some time
	startedMs     int64 // when the current or last commitment started
	earliestEndMs int64 // startedMs + 24 h
	ending        bool  // an end was asked for: the commitment ends (or ended) at endMs
	endMs         int64
}

// describeAccountSettings implements DescribeAccountSettings.
func (f *Fake) describeAccountSettings(*kinesis.DescribeAccountSettingsInput) (*kinesis.DescribeAccountSettingsOutput, error) {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	return &kinesis.DescribeAccountSettingsOutput{
		MinimumThroughputBillingCommitment: f.accountSettings.commitmentAt(now),
	}, nil
}

// updateAccountSettings implements UpdateAccountSettings, which AWS
// documents as synchronous: the answer is the settings as updated.
//
// Enabling starts a commitment (or cancels a pending disable, keeping the
// running commitment); disabling ends it at once if it has run 24 hours,
// else schedules the end for its earliest allowed end. Asking for the
// state the commitment is already in (or heading to) changes nothing.
func (f *Fake) updateAccountSettings(in *kinesis.UpdateAccountSettingsInput) (*kinesis.UpdateAccountSettingsOutput, error) {
	want := in.MinimumThroughputBillingCommitment.Status // required and an enum: invoke checked both
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	a := &f.accountSettings
	if want == types.MinimumThroughputBillingCommitmentInputStatusEnabled {
		a.enable(now)
	} else {
		a.disable(now)
	}
	return &kinesis.UpdateAccountSettingsOutput{MinimumThroughputBillingCommitment: a.commitmentAt(now)}, nil
}

// enable starts a commitment at now, or keeps the running one and cancels
// its scheduled end.
func (a *accountSettings) enable(now time.Time) {
	switch a.statusAt(now) {
	case types.MinimumThroughputBillingCommitmentOutputStatusEnabledUntilEarliestAllowedEnd:
		a.ending, a.endMs = false, 0
	case types.MinimumThroughputBillingCommitmentOutputStatusDisabled:
		ms := msOf(now)
		*a = accountSettings{committed: true, startedMs: ms, earliestEndMs: ms + minimumCommitmentPeriod.Milliseconds()}
	}
}

// disable ends the running commitment: at now if its earliest allowed end
// has passed, else at that earliest end.
func (a *accountSettings) disable(now time.Time) {
	if a.statusAt(now) != types.MinimumThroughputBillingCommitmentOutputStatusEnabled {
		return
	}
	a.ending, a.endMs = true, max(msOf(now), a.earliestEndMs)
}

// statusAt is the commitment's status at now.
func (a *accountSettings) statusAt(now time.Time) types.MinimumThroughputBillingCommitmentOutputStatus {
	switch {
	case !a.committed:
		return types.MinimumThroughputBillingCommitmentOutputStatusDisabled
	case !a.ending:
		return types.MinimumThroughputBillingCommitmentOutputStatusEnabled
	case msOf(now) < a.endMs:
		return types.MinimumThroughputBillingCommitmentOutputStatusEnabledUntilEarliestAllowedEnd
	}
	return types.MinimumThroughputBillingCommitmentOutputStatusDisabled
}

// commitmentEnabledAt reports whether the account has a commitment in
// force at now (also one that is scheduled to end): what warm throughput
// and On-demand Advantage's consumer limit need.
func (a *accountSettings) commitmentEnabledAt(now time.Time) bool {
	return a.statusAt(now) != types.MinimumThroughputBillingCommitmentOutputStatusDisabled
}

// commitmentAt is the commitment as the account settings operations report
// it at now: the status, and the timestamps that apply (none for an account
// that never had a commitment; EndedAt only once it has ended).
func (a *accountSettings) commitmentAt(now time.Time) *types.MinimumThroughputBillingCommitmentOutput {
	status := a.statusAt(now)
	out := &types.MinimumThroughputBillingCommitmentOutput{Status: status}
	if !a.committed {
		return out
	}
	out.StartedAt = ptr(timeOfMs(a.startedMs))
	out.EarliestAllowedEndAt = ptr(timeOfMs(a.earliestEndMs))
	if status == types.MinimumThroughputBillingCommitmentOutputStatusDisabled {
		out.EndedAt = ptr(timeOfMs(a.endMs))
	}
	return out
}
