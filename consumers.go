package kinesisfake

// consumer is an enhanced fan-out consumer registered on a stream.
type consumer struct {
	name string
}
