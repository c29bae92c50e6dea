package kinesisfake

import (
	"bytes"
	"fmt"
	"slices"
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

// TestByteLogReusesChunks checks that the log's next full-size chunk is
// the last one it released, that records stored in it read back as they
// were put, whatever it held before, and that an emptied log keeps no
// spare.
func TestByteLogReusesChunks(t *testing.T) {
	var l byteLog
	type stored struct {
		chunk, off uint32
		data       []byte
	}
	var recs []stored
	put := func(i int) {
		data := bytes.Repeat([]byte{byte('a' + i%26)}, 1+i%97)
		c, o := l.add("k", data)
		recs = append(recs, stored{c, o, data})
	}
	for i := range 300 {
		put(i)
	}
	require.Greater(t, len(l.chunks), 4)
	released := l.chunks[3]
	require.Equal(t, maxChunkSize, cap(released))
	l.releaseBefore(l.firstChunk + 4)
	recs = slices.DeleteFunc(recs, func(r stored) bool { return r.chunk < l.firstChunk })

	for i := 300; len(l.chunks) < 3 || unsafe.SliceData(l.chunks[len(l.chunks)-1]) != unsafe.SliceData(released); i++ {
		require.Less(t, i, 1000, "the released chunk never came back")
		put(i)
	}
	for range 200 { // fill the reused chunk and go on past it
		put(len(recs))
	}
	for i, r := range recs {
		got := l.span(r.chunk, r.off, 1+len(r.data))
		require.Equal(t, "k"+string(r.data), string(got), "record %d", i)
	}

	l.releaseAll()
	assert.Nil(t, l.spare, "an empty log keeps no spare")
}

// TestRecordIndexSize guards the memory goal: a record's index entry is 20
// bytes and holds no pointers.
func TestRecordIndexSize(t *testing.T) {
	assert.Equal(t, uintptr(20), unsafe.Sizeof(record{}))
}
