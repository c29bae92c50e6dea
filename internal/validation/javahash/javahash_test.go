package javahash

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestString(t *testing.T) {
	assert.Equal(t, int32(0), String(""))
	assert.Equal(t, int32(99162322), String("hello")) // "hello".hashCode()
	assert.Equal(t, int32(1772899), String("😀"))      // two UTF-16 units
}

func TestHashMapOrder(t *testing.T) {
	// Orders of AWS's messages recorded by kinesalite: members in model
	// order in, AWS's reporting order out.
	order := func(keys ...string) []string {
		out, _ := HashMapOrder(keys)
		return out
	}
	assert.Equal(t, []string{"sequenceNumberForOrdering", "partitionKey", "explicitHashKey", "data", "streamName"},
		order("streamName", "data", "partitionKey", "explicitHashKey", "sequenceNumberForOrdering"))
	assert.Equal(t, []string{"partitionKey", "explicitHashKey", "data"}, order("data", "explicitHashKey", "partitionKey"))
	assert.Equal(t, []string{"records", "streamName"}, order("records", "streamName"))
	// Enough keys to resize the table twice keeps every key exactly once.
	var keys []string
	for i := 0; i < 60; i++ {
		keys = append(keys, "k"+strconv.Itoa(i))
	}
	assert.ElementsMatch(t, keys, order(keys...))
}
