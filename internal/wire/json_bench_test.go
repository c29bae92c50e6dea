package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
)

// sdkBody is in's request body as the SDK writes it.
func sdkBody(in smithy.Serializable) []byte {
	w := JSON.Writer()
	in.Serialize(w)
	return w.Bytes()
}

// BenchmarkJSONDecode decodes a PutRecord body (16 bytes of data) and a
// PutRecords body of 500 such records with the JSON codec, against a
// floor: encoding/json's Unmarshal into the same struct, in the same run
// (it reads the same members, without the codec's checks and texts); and
// Wellformed, which the door runs on every body first:
//
//	go test -run '^$' -bench JSONDecode -benchmem ./internal/wire
func BenchmarkJSONDecode(b *testing.B) {
	data := []byte("0123456789abcdef")
	records := make([]types.PutRecordsRequestEntry, 500)
	for i := range records {
		records[i] = types.PutRecordsRequestEntry{Data: data, PartitionKey: aws.String(fmt.Sprintf("key-%d", i))}
	}
	bodies := []struct {
		name string
		body []byte
		new  func() any
	}{
		{"PutRecord", sdkBody(&kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: data}),
			func() any { return &kinesis.PutRecordInput{} }},
		{"PutRecords500", sdkBody(&kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: records}),
			func() any { return &kinesis.PutRecordsInput{} }},
	}
	for _, tc := range bodies {
		run := func(name string, op func() error) {
			b.Run(tc.name+"/"+name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(tc.body)))
				for b.Loop() {
					if err := op(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		run("codec=json", func() error { return JSON.Decode(tc.body, tc.new()) })
		run("floor=encoding-json", func() error { return json.Unmarshal(tc.body, tc.new()) })
		run("wellformed", func() error {
			if !JSON.Wellformed(tc.body) {
				return errors.New("not well formed")
			}
			return nil
		})
	}
}
