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

// TestRecordIndexSize guards the memory goal: a record's index entry is 20
// bytes and holds no pointers.
func TestRecordIndexSize(t *testing.T) {
	assert.Equal(t, uintptr(20), unsafe.Sizeof(record{}))
}
