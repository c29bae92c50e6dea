package kinesisfake

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRecordPacking checks that a record index entry's packed arrival,
// lengths and encryption flag read back as stored, at the extremes of
// their ranges.
func TestRecordPacking(t *testing.T) {
	for _, ms := range []int64{0, 1, 1<<32 - 1, 1 << 32, 13_000_000_000_000, -1, -62_135_596_800_000} {
		for _, enc := range []bool{false, true} {
			r := newRecord(ms, 7, 9, 10<<20, 256, enc)
			assert.Equal(t, ms, r.arrivalMs(), "arrival")
			assert.Equal(t, 10<<20, r.dataLen(), "data length")
			assert.Equal(t, 10<<20+256, r.size(), "size")
			assert.Equal(t, enc, r.encrypted(), "encrypted")
		}
	}
}
