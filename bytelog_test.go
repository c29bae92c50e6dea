package kinesisfake

import (
	"bytes"
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestByteLogChunks checks how the log grows: small chunks first, doubling
// to maxChunkSize, a chunk of its own for a record larger than that, and
// every record readable back from where add put it.
func TestByteLogChunks(t *testing.T) {
	var l byteLog
	type loc struct {
		chunk, off uint32
		key        string
		data       []byte
	}
	var locs []loc
	add := func(key string, data []byte) {
		c, o := l.add(key, data)
		locs = append(locs, loc{c, o, key, data})
	}
	for i := range 3000 {
		add(fmt.Sprintf("key-%d", i), bytes.Repeat([]byte{byte(i)}, i%700))
	}
	big := bytes.Repeat([]byte("B"), 3*maxChunkSize)
	add("big", big)
	add("after", []byte("small"))

	for i, c := range l.chunks[:len(l.chunks)-2] {
		want := min(minChunkSize<<min(i, 20), maxChunkSize) // no shift past the int
		assert.GreaterOrEqual(t, cap(c), want, "chunk %d", i)
		assert.LessOrEqual(t, cap(c), max(want, 700+10), "chunk %d", i)
	}
	assert.Equal(t, 3*maxChunkSize+3, cap(l.chunks[len(l.chunks)-2]), "a large record gets a chunk of its size")

	for i, lc := range locs {
		got := l.span(lc.chunk, lc.off, len(lc.key)+len(lc.data))
		require.Equal(t, lc.key, string(got[:len(lc.key)]), "record %d", i)
		require.True(t, bytes.Equal(lc.data, got[len(lc.key):]), "record %d", i)
	}
}

// TestByteLogRelease checks that chunks are released whole and that chunk
// numbers go on counting afterwards.
func TestByteLogRelease(t *testing.T) {
	var l byteLog
	var chunks []uint32
	for range 10 {
		c, _ := l.add("k", make([]byte, 400)) // one chunk each at first
		chunks = append(chunks, c)
	}
	require.Len(t, l.chunks, int(chunks[9]-chunks[0])+1)
	l.releaseBefore(chunks[5])
	assert.Equal(t, chunks[5], l.firstChunk)
	assert.Len(t, l.chunks, int(chunks[9]-chunks[5])+1)
	l.releaseBefore(chunks[3]) // already gone: nothing happens
	assert.Equal(t, chunks[5], l.firstChunk)

	l.releaseAll()
	assert.Empty(t, l.chunks)
	c, off := l.add("x", []byte("y"))
	assert.Equal(t, chunks[9]+1, c)
	assert.Zero(t, off)
	assert.Equal(t, "xy", string(l.span(c, off, 2)))
}

// TestByteLogReusesChunks checks that a full-size chunk a log released
// serves again, and that records stored in a reused chunk read back as
// they were put, whatever it held before: two logs take turns, one
// releasing what the other then fills.
func TestByteLogReusesChunks(t *testing.T) {
	var a, b byteLog
	fill := func(l *byteLog, tag byte) (first uint32, want [][]byte) {
		for i := range 200 {
			data := bytes.Repeat([]byte{tag}, 1+i%97)
			c, _ := l.add("", data)
			if i == 0 {
				first = c
			}
			want = append(want, data)
		}
		return first, want
	}
	check := func(l *byteLog, first uint32, want [][]byte) {
		t.Helper()
		var got []byte
		for _, c := range l.chunks {
			got = append(got, c...)
		}
		assert.Equal(t, bytes.Join(want, nil), got)
		assert.Equal(t, first, l.firstChunk)
	}
	recycled := false
	for round := range 20 {
		first, want := fill(&a, byte('a'+round%26))
		check(&a, first, want)
		released := map[*byte]bool{}
		for _, c := range a.chunks {
			if cap(c) == maxChunkSize {
				released[unsafe.SliceData(c)] = true
			}
		}
		a.releaseAll()
		first, want = fill(&b, byte('A'+round%26))
		check(&b, first, want)
		for _, c := range b.chunks {
			recycled = recycled || released[unsafe.SliceData(c)]
		}
		b.releaseAll()
		a, b = b, a
	}
	// sync.Pool may drop what it holds at any garbage collection, but
	// not every time over 20 rounds.
	assert.True(t, recycled, "no released chunk was used again")
}

// TestRecordIndexSize guards the memory goal: a record's index entry is 20
// bytes and holds no pointers.
func TestRecordIndexSize(t *testing.T) {
	assert.Equal(t, uintptr(20), unsafe.Sizeof(record{}))
}
