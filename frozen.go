package kinesisfake

import "unsafe"

// frozenString returns b's bytes as a string, without the copy a
// conversion makes. The caller promises that nothing writes b's bytes
// again: they are the string's from then on. It is how a response's
// strings share one allocation with the rest of the response (PutRecord,
// GetRecords), as strings.Builder shares its buffer with the string it
// returns.
func frozenString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
