package kinesisfake

// ExpireIterators makes every shard iterator issued so far fail with
// ExpiredIteratorException on its next use, whatever its age. Iterators
// issued afterwards are unaffected.
func (f *Fake) ExpireIterators() {
	f.expiredThrough.Store(f.iteratorSerial.Load())
}

// expiredByCommand reports whether ExpireIterators has expired tok.
func (f *Fake) expiredByCommand(tok iteratorToken) bool {
	return tok.serial <= f.expiredThrough.Load()
}
