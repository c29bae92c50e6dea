package kinesisfake

// byteLog holds the bytes of a shard's records (each record's partition key
// followed by its data) in chunks appended one after the other. It exists
// so that a shard's record index (ring) holds no pointers: a shard of
// millions of records is then a few large pointer-free allocations that the
// garbage collector never has to scan, and storing a record allocates
// nothing but, now and then, a new chunk.
//
// Chunks start small, so that the many short-lived streams of a test suite
// stay cheap, and double up to maxChunkSize; a record larger than that gets
// a chunk of its own size. Chunks are released whole, once every record in
// them has aged out. maxChunkSize is small because a shard's last chunk is
// partly empty: 4 KiB of slack at most, against the megabyte of a stream
// of 10,000 shards' worth of half-full large chunks.
type byteLog struct {
	chunks     [][]byte // chunks[i] is chunk number firstChunk+i; len is the part used
	firstChunk uint32   // number of chunks[0]
	nextSize   int      // size of the next chunk to allocate
	// spare is the last full-size chunk released, empty, for the next
	// chunk to use: a long-running shard that ages records out as fast as
	// it takes them (the steady state of a fake under load) then stores
	// them in memory already its own rather than in 4 KiB of fresh, zeroed
	// memory every hundred or so records, which was a fifth of a
	// PutRecords call's allocation. Reuse is safe because a chunk's bytes
	// never leave the log: every reader copies the records it reads while
	// it holds the shard's lock (readPage), and reads no byte its record
	// did not write. One spare at most, and none once the log is empty:
	// a shard that still holds records keeps up to 4 KiB more than they
	// need (40 MiB on a 10,000-shard stream whose every shard trims),
	// one that has aged out entirely nothing.
	spare []byte
}

// Chunk sizes of a byteLog.
const (
	minChunkSize = 512
	maxChunkSize = 4 << 10
)

// newChunk returns an empty chunk of capacity n: the spare, if it fits.
func (l *byteLog) newChunk(n int) []byte {
	if n == maxChunkSize && l.spare != nil {
		c := l.spare
		l.spare = nil
		return c
	}
	return make([]byte, 0, n)
}

// add copies key and data to the end of the log and returns the chunk
// number and the offset in that chunk where they begin.
func (l *byteLog) add(key string, data []byte) (chunk, off uint32) {
	need := len(key) + len(data)
	last := len(l.chunks) - 1
	if last < 0 || cap(l.chunks[last])-len(l.chunks[last]) < need {
		size := max(l.nextSize, minChunkSize)
		l.nextSize = min(2*size, maxChunkSize)
		l.chunks = append(l.chunks, l.newChunk(max(size, need)))
		last++
	}
	c := l.chunks[last]
	off = uint32(len(c))
	c = append(c, key...)
	l.chunks[last] = append(c, data...)
	return l.firstChunk + uint32(last), off
}

// span returns the n bytes at off in chunk number chunk, which must be
// held. The slice is the log's own memory: callers copy from it.
func (l *byteLog) span(chunk, off uint32, n int) []byte {
	c := l.chunks[chunk-l.firstChunk]
	return c[off : int(off)+n : int(off)+n]
}

// run returns the bytes from off from to off to in chunk number chunk,
// which must be held: the keys and data of records stored one after the
// other. The slice is the log's own memory: callers copy from it.
func (l *byteLog) run(chunk, from, to uint32) []byte {
	return l.chunks[chunk-l.firstChunk][from:to:to]
}

// releaseBefore lets go of every chunk numbered below chunk.
func (l *byteLog) releaseBefore(chunk uint32) {
	drop := int(min(chunk-l.firstChunk, uint32(len(l.chunks))))
	if drop == 0 {
		return
	}
	if c := l.chunks[drop-1]; cap(c) == maxChunkSize {
		l.spare = c[:0]
	}
	clear(l.chunks[:drop])
	l.chunks = l.chunks[drop:]
	l.firstChunk += uint32(drop)
}

// releaseAll lets go of every chunk, the spare too; the next record starts
// a new one.
func (l *byteLog) releaseAll() {
	l.releaseBefore(l.firstChunk + uint32(len(l.chunks)))
	l.spare = nil
}
