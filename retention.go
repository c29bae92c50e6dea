package kinesisfake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// increaseStreamRetentionPeriod implements IncreaseStreamRetentionPeriod.
func (f *Fake) increaseStreamRetentionPeriod(in *kinesis.IncreaseStreamRetentionPeriodInput) (*kinesis.IncreaseStreamRetentionPeriodOutput, error) {
	if err := f.changeRetention(streamRef{name: in.StreamName, arn: in.StreamARN}, *in.RetentionPeriodHours, true); err != nil {
		return nil, err
	}
	return &kinesis.IncreaseStreamRetentionPeriodOutput{}, nil
}

// decreaseStreamRetentionPeriod implements DecreaseStreamRetentionPeriod.
func (f *Fake) decreaseStreamRetentionPeriod(in *kinesis.DecreaseStreamRetentionPeriodInput) (*kinesis.DecreaseStreamRetentionPeriodOutput, error) {
	if err := f.changeRetention(streamRef{name: in.StreamName, arn: in.StreamARN}, *in.RetentionPeriodHours, false); err != nil {
		return nil, err
	}
	return &kinesis.DecreaseStreamRetentionPeriodOutput{}, nil
}

// changeRetention sets a stream's retention period, moving it only in the
// direction the operation names. Asking for the current period is allowed
// and changes nothing.
//
// Records are trimmed lazily, when a shard is next written or read, against
// the retention in force at that moment. So before the period changes, every
// shard is trimmed at the shorter of the old and new periods: an increase
// must not bring back records that had already passed the old retention, and
// a decrease frees what it hides at once.
func (f *Fake) changeRetention(ref streamRef, hours int32, increase bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, err := f.lookupStream(ref)
	if err != nil {
		return err
	}
	switch {
	case hours < minRetentionHours:
		return invalidArgument("Minimum allowed retention period is %d hours. Requested retention period (%d hours) is too short.", minRetentionHours, hours)
	case hours > maxRetentionHours:
		return invalidArgument("Maximum allowed retention period is %d hours. Requested retention period (%d hours) is too long.", maxRetentionHours, hours)
	}
	if err := f.requireActive(s, now, false); err != nil {
		return err
	}
	switch {
	case increase && hours < s.retentionHours:
		return invalidArgument("Requested retention period (%d hours) for stream %s can not be shorter than existing retention period (%d hours). Use DecreaseRetentionPeriod API.", hours, s.name, s.retentionHours)
	case !increase && hours > s.retentionHours:
		return invalidArgument("Requested retention period (%d hours) for stream %s can not be longer than existing retention period (%d hours). Use IncreaseRetentionPeriod API.", hours, s.name, s.retentionHours)
	}

	cutoff := msOf(now) - int64(min(hours, s.retentionHours))*int64(time.Hour/time.Millisecond)
	for _, sh := range s.shards {
		// A closed shard that has aged out stays out, as its records do.
		if !s.visible(sh, now) {
			sh.agedOut = true
		}
		sh.mu.Lock()
		sh.buf.trimBefore(cutoff)
		sh.mu.Unlock()
	}
	s.retentionHours = hours
	return nil
}
