package kinesisfake

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// The Check helpers assert what tests of Kinesis code assert most, reading
// the Fake directly (no iterators, limits, faults or call log). Each
// reports a failure through t.Errorf with a readable difference and
// returns whether the check held, so a test may go on or stop. Record data
// is compared as strings.

// CheckShardData checks that shard shardID of stream retains exactly the
// records whose data is want, oldest first.
func (f *Fake) CheckShardData(t testing.TB, stream, shardID string, want ...string) bool {
	t.Helper()
	got := dataOf(f.Records(stream, shardID))
	return checkList(t, fmt.Sprintf("shard %s of stream %s", shardID, stream), want, got)
}

// CheckKeyData checks that the records stream retains with partition key
// key have exactly the data want, in the order they were put: within a
// shard oldest first, and a parent shard's before its children's (a key's
// records move to a child when its parent closes).
func (f *Fake) CheckKeyData(t testing.TB, stream, key string, want ...string) bool {
	t.Helper()
	var got []string
	for _, shard := range f.retainedShards(stream) {
		for _, r := range shard.records {
			if aws.ToString(r.PartitionKey) == key {
				got = append(got, string(r.Data))
			}
		}
	}
	return checkList(t, fmt.Sprintf("partition key %q of stream %s", key, stream), want, got)
}

// CheckCallCount checks that operation op (an Op constant, or "" for every
// operation) was called want times.
func (f *Fake) CheckCallCount(t testing.TB, op string, want int) bool {
	t.Helper()
	if got := f.CallCount(op); got != want {
		name := op
		if name == "" {
			name = "all operations"
		}
		t.Errorf("kinesisfake: %s called %d times, want %d", name, got, want)
		return false
	}
	return true
}

// CheckAllRead checks that read, the records a consumer received from
// stream, hold every record the stream retains exactly once, and nothing
// else, in the order AWS's consumers must keep: oldest first within each
// shard, and a child shard's records only after every record of its
// parents (as the KCL reads across a reshard). Records are told apart by
// shard and sequence number; a record read before retention trimmed it
// counts as unknown. At most 10 problems of each kind are listed.
func (f *Fake) CheckAllRead(t testing.TB, stream string, read []types.Record) bool {
	t.Helper()
	type place struct {
		shard string
		index int
	}
	where := map[string]place{}
	missing := map[place]bool{}
	shards := f.retainedShards(stream)
	left := map[string]int{} // records of each shard not read yet
	for _, shard := range shards {
		left[shard.id] = len(shard.records)
		for i, r := range shard.records {
			p := place{shard.id, i}
			where[aws.ToString(r.SequenceNumber)] = p
			missing[p] = true
		}
	}
	parents := map[string][]string{}
	for _, shard := range shards {
		parents[shard.id] = shard.parents
	}
	var problems problemList
	last := map[string]int{}
	seen := map[place]bool{}
	for i, r := range read {
		seq := aws.ToString(r.SequenceNumber)
		p, ok := where[seq]
		switch {
		case !ok:
			problems.add("unknown", "read #%d (%s) is no record the stream retains", i, seq)
			continue
		case seen[p]:
			problems.add("repeated", "read #%d (%s) repeats record %d of %s", i, seq, p.index, p.shard)
			continue
		}
		if prev, ok := last[p.shard]; ok && p.index < prev {
			problems.add("order", "read #%d (%s) is record %d of %s, read after record %d", i, seq, p.index, p.shard, prev)
		}
		for _, parent := range parents[p.shard] {
			if n := left[parent]; n > 0 {
				problems.add("lineage", "read #%d (%s) is of %s, read while %d records of its parent %s were not", i, seq, p.shard, n, parent)
			}
		}
		seen[p], last[p.shard] = true, p.index
		left[p.shard]--
		delete(missing, p)
	}
	if len(missing) > 0 {
		for _, shard := range shards {
			var lost []string
			for i, r := range shard.records {
				if missing[place{shard.id, i}] {
					lost = append(lost, fmt.Sprintf("%d (%s)", i, aws.ToString(r.SequenceNumber)))
				}
			}
			if len(lost) > 0 {
				problems.add("lost", "%s: %d records never read: %s", shard.id, len(lost), abbreviate(lost, maxProblems))
			}
		}
	}
	if len(problems.lines) == 0 {
		return true
	}
	t.Errorf("kinesisfake: what was read of stream %s is not every record it retains, once, in order:\n  %s",
		stream, strings.Join(problems.lines, "\n  "))
	return false
}

// maxProblems is how many problems of one kind a check lists.
const maxProblems = 10

// problemList collects a check's problems, at most maxProblems of each
// kind, and counts the rest.
type problemList struct {
	lines []string
	kinds map[string]int
}

// add records a problem of kind, or counts it once the kind is full.
func (l *problemList) add(kind, format string, args ...any) {
	if l.kinds == nil {
		l.kinds = map[string]int{}
	}
	l.kinds[kind]++
	switch n := l.kinds[kind]; {
	case n <= maxProblems:
		l.lines = append(l.lines, fmt.Sprintf(format, args...))
	case n == maxProblems+1:
		l.lines = append(l.lines, fmt.Sprintf("(more problems of this kind: %s)", kind))
	}
}

// shardRecords is one shard's id, parents and retained records.
type shardRecords struct {
	id      string
	parents []string // ParentShardId and AdjacentParentShardId, if any
	records []types.Record
}

// retainedShards is every shard stream still lists, in shard-number order
// (parents before children), with its retained records.
func (f *Fake) retainedShards(stream string) []shardRecords {
	now := f.now()
	f.mu.RLock()
	var out []shardRecords
	if s := f.liveStream(stream, now); s != nil {
		for _, sh := range s.shards {
			if !s.visible(sh, now) {
				continue
			}
			r := shardRecords{id: sh.id}
			for _, p := range []string{sh.parent, sh.adjacentParent} {
				if p != "" {
					r.parents = append(r.parents, p)
				}
			}
			out = append(out, r)
		}
	}
	f.mu.RUnlock()
	for i := range out {
		out[i].records = f.Records(stream, out[i].id)
	}
	return out
}

// dataOf is the data of each record, as strings.
func dataOf(records []types.Record) []string {
	out := make([]string, len(records))
	for i, r := range records {
		out[i] = string(r.Data)
	}
	return out
}

// checkList reports through t how got differs from want, row by row, and
// returns whether they are equal.
func checkList(t testing.TB, what string, want, got []string) bool {
	t.Helper()
	equal := len(want) == len(got)
	for i := 0; equal && i < len(want); i++ {
		equal = want[i] == got[i]
	}
	if equal {
		return true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "kinesisfake: %s holds %d records, want %d:\n     # want / got", what, len(got), len(want))
	for i := 0; i < max(len(want), len(got)); i++ {
		w, g := "-", "-"
		if i < len(want) {
			w = fmt.Sprintf("%q", want[i])
		}
		if i < len(got) {
			g = fmt.Sprintf("%q", got[i])
		}
		mark := ""
		if w != g {
			mark = "   <- differs"
		}
		fmt.Fprintf(&b, "\n  %4d %s / %s%s", i, w, g, mark)
	}
	t.Error(b.String())
	return false
}

// abbreviate joins items, keeping the first n and counting the rest.
func abbreviate(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(", and %d more", len(items)-n)
}
