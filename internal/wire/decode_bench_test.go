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

// sdkBody is in's request body as the SDK writes it in codec's format.
func sdkBody(codec Codec, in smithy.Serializable) []byte {
	w := codec.Writer()
	in.Serialize(w)
	return w.Bytes()
}

// BenchmarkDecode decodes a PutRecord body (16 bytes of data) and a
// PutRecords body of 500 such records as the door does (Parse, then
// Decode of what it parsed), in each codec, against a floor:
// encoding/json's Unmarshal of the JSON body into the same struct, in the
// same run (it reads the same members, without the codec's checks and
// texts); and Parse alone, which the door runs on every body first:
//
//	go test -run '^$' -bench Decode -benchmem ./internal/wire
func BenchmarkDecode(b *testing.B) {
	data := []byte("0123456789abcdef")
	records := make([]types.PutRecordsRequestEntry, 500)
	for i := range records {
		records[i] = types.PutRecordsRequestEntry{Data: data, PartitionKey: aws.String(fmt.Sprintf("key-%d", i))}
	}
	inputs := []struct {
		name string
		in   smithy.Serializable
		new  func() any
	}{
		{"PutRecord", &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: data},
			func() any { return &kinesis.PutRecordInput{} }},
		{"PutRecords500", &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: records},
			func() any { return &kinesis.PutRecordsInput{} }},
	}
	for _, tc := range inputs {
		for _, codec := range []struct {
			name  string
			codec Codec
		}{{"json", JSON}, {"cbor", CBOR}} {
			body := sdkBody(codec.codec, tc.in)
			run := func(name string, op func() error) {
				b.Run(tc.name+"/"+name, func(b *testing.B) {
					b.ReportAllocs()
					b.SetBytes(int64(len(body)))
					for b.Loop() {
						if err := op(); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			run("codec="+codec.name, func() error { return Decode(codec.codec, body, tc.new()) })
			run("parse="+codec.name, func() error {
				if !Wellformed(codec.codec, body) {
					return errors.New("not well formed")
				}
				return nil
			})
			if codec.codec == JSON {
				run("floor=encoding-json", func() error { return json.Unmarshal(body, tc.new()) })
			}
		}
	}
}
