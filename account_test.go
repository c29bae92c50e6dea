package kinesisfake

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"
)

// setCommitment asks through the door for the account's billing commitment
// to be status.
func (h *sc) setCommitment(status types.MinimumThroughputBillingCommitmentInputStatus) *types.MinimumThroughputBillingCommitmentOutput {
	h.t.Helper()
	out, err := h.api.UpdateAccountSettings(h.ctx, &kinesis.UpdateAccountSettingsInput{
		MinimumThroughputBillingCommitment: &types.MinimumThroughputBillingCommitmentInput{Status: status},
	})
	require.NoError(h.t, err)
	return out.MinimumThroughputBillingCommitment
}

// commitment is the account's billing commitment as DescribeAccountSettings
// reports it through the door.
func (h *sc) commitment() *types.MinimumThroughputBillingCommitmentOutput {
	h.t.Helper()
	out, err := h.api.DescribeAccountSettings(h.ctx, &kinesis.DescribeAccountSettingsInput{})
	require.NoError(h.t, err)
	return out.MinimumThroughputBillingCommitment
}

func TestAccountSettings(t *testing.T) {
	const (
		enable  = types.MinimumThroughputBillingCommitmentInputStatusEnabled
		disable = types.MinimumThroughputBillingCommitmentInputStatusDisabled

		enabled  = types.MinimumThroughputBillingCommitmentOutputStatusEnabled
		disabled = types.MinimumThroughputBillingCommitmentOutputStatusDisabled
		ending   = types.MinimumThroughputBillingCommitmentOutputStatusEnabledUntilEarliestAllowedEnd
	)
	day := minimumCommitmentPeriod
	at := func(d time.Duration) *time.Time { return aws.Time(scStart.Add(d)) }
	type step struct {
		after  time.Duration // clock advance before the step
		status types.MinimumThroughputBillingCommitmentInputStatus
		// "" only describes
	}
	commitment := func(s types.MinimumThroughputBillingCommitmentOutputStatus, started, earliest, ended *time.Time) *types.MinimumThroughputBillingCommitmentOutput {
		return &types.MinimumThroughputBillingCommitmentOutput{Status: s, StartedAt: started, EarliestAllowedEndAt: earliest, EndedAt: ended}
	}
	tests := []struct {
		name  string
		steps []step
		want  *types.MinimumThroughputBillingCommitmentOutput // after the last step
	}{
		{name: "never enabled", want: commitment(disabled, nil, nil, nil)},
		{name: "disable without a commitment", steps: []step{{status: disable}},
			want: commitment(disabled, nil, nil, nil)},
		{name: "enable", steps: []step{{status: enable}},
			want: commitment(enabled, at(0), at(day), nil)},
		{name: "enable twice keeps the start", steps: []step{{status: enable}, {after: time.Hour, status: enable}},
			want: commitment(enabled, at(0), at(day), nil)},
		{name: "disable early schedules the end", steps: []step{{status: enable}, {after: time.Hour, status: disable}},
			want: commitment(ending, at(0), at(day), nil)},
		{name: "a scheduled end happens on the clock", steps: []step{{status: enable}, {after: time.Hour, status: disable}, {after: day - time.Hour}},
			want: commitment(disabled, at(0), at(day), at(day))},
		{name: "just before the scheduled end", steps: []step{{status: enable}, {after: time.Hour, status: disable}, {after: day - time.Hour - time.Millisecond}},
			want: commitment(ending, at(0), at(day), nil)},
		{name: "enable cancels a scheduled end", steps: []step{{status: enable}, {after: time.Hour, status: disable}, {after: time.Hour, status: enable}, {after: day}},
			want: commitment(enabled, at(0), at(day), nil)},
		{name: "disable after the minimum ends at once", steps: []step{{status: enable}, {after: day + time.Hour, status: disable}},
			want: commitment(disabled, at(0), at(day), at(day+time.Hour))},
		{name: "disable again changes nothing", steps: []step{{status: enable}, {after: time.Hour, status: disable}, {after: time.Hour, status: disable}},
			want: commitment(ending, at(0), at(day), nil)},
		{name: "enable after an end starts afresh", steps: []step{{status: enable}, {after: day, status: disable}, {after: time.Hour, status: enable}},
			want: commitment(enabled, at(day+time.Hour), at(2*day+time.Hour), nil)},
	}
	opts := cmpopts.IgnoreUnexported(types.MinimumThroughputBillingCommitmentOutput{})
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door)
				var last *types.MinimumThroughputBillingCommitmentOutput
				for _, s := range tt.steps {
					h.clk.Advance(s.after)
					if s.status != "" {
						last = h.setCommitment(s.status)
					}
				}
				got := h.commitment()
				if diff := cmp.Diff(tt.want, got, opts); diff != "" {
					t.Errorf("DescribeAccountSettings (-want +got):\n%s", diff)
				}
				if n := len(tt.steps); n > 0 && tt.steps[n-1].status != "" {
					// UpdateAccountSettings answers with the settings as updated.
					if diff := cmp.Diff(tt.want, last, opts); diff != "" {
						t.Errorf("UpdateAccountSettings (-want +got):\n%s", diff)
					}
				}
			})
		}
	})
}
