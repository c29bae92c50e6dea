package kinesisfake

// channel is a Kinesis channel of the account.
type channel struct {
	name string
}
