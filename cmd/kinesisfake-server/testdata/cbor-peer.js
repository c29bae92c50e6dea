// A second opinion on kinesisfake's CBOR protocol: the `cbor` npm package,
// which knows nothing of kinesisfake, encodes the requests and decodes the
// answers of a short session, as a Java client's would look on the wire.
// Usage: node cbor-peer.js ENDPOINT   (prints "ok", or fails with a message)
'use strict'
const cbor = require('cbor')
const assert = require('assert')

const endpoint = process.argv[2]

async function call(op, input) {
  const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '')
  const res = await fetch(endpoint + '/', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-cbor-1.1',
      'X-Amz-Target': 'Kinesis_20131202.' + op,
      'X-Amz-Date': date,
      // Signed well enough for a server that checks no secret.
      'Authorization': 'AWS4-HMAC-SHA256 Credential=AKIDKINESISFAKE0000/20250101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
    },
    body: cbor.encode(input),
  })
  const body = Buffer.from(await res.arrayBuffer())
  assert.strictEqual(res.headers.get('content-type'), 'application/x-amz-cbor-1.1', op + ' content type')
  return { status: res.status, body: body.length ? cbor.decodeFirstSync(body) : null, raw: body }
}

async function main() {
  let r = await call('CreateStream', { StreamName: 'peer', ShardCount: 1 })
  assert.strictEqual(r.status, 200, JSON.stringify(r.body))

  const data = Buffer.from([0, 1, 2, 254, 255])
  r = await call('PutRecord', { StreamName: 'peer', PartitionKey: 'k', Data: data })
  assert.strictEqual(r.status, 200, JSON.stringify(r.body))
  assert.strictEqual(r.body.ShardId, 'shardId-000000000000')
  assert.match(r.body.SequenceNumber, /^\d+$/)
  assert.strictEqual(r.raw[0], 0xbf, 'maps of indefinite length, as AWS writes them')

  const before = Date.now() - 60000
  r = await call('GetShardIterator', { StreamName: 'peer', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP',
    Timestamp: new cbor.Tagged(1, before) })
  assert.strictEqual(r.status, 200, JSON.stringify(r.body))

  r = await call('GetRecords', { ShardIterator: r.body.ShardIterator })
  assert.strictEqual(r.status, 200, JSON.stringify(r.body))
  assert.strictEqual(r.body.Records.length, 1)
  const rec = r.body.Records[0]
  assert.ok(Buffer.isBuffer(rec.Data), 'a blob is a byte string')
  assert.deepStrictEqual(rec.Data, data)
  assert.strictEqual(rec.PartitionKey, 'k')
  // The cbor package reads tag 1 as epoch seconds; AWS's CBOR carries
  // milliseconds under it.
  const ms = rec.ApproximateArrivalTimestamp instanceof Date ? rec.ApproximateArrivalTimestamp.getTime() / 1000 : Number(rec.ApproximateArrivalTimestamp.value)
  assert.ok(ms >= before && ms <= Date.now() + 1000, 'arrival in epoch milliseconds: ' + ms)
  assert.strictEqual(typeof r.body.MillisBehindLatest, 'number')

  r = await call('DescribeStream', { StreamName: 'nope' })
  assert.strictEqual(r.status, 400)
  assert.deepStrictEqual(r.body, { __type: 'ResourceNotFoundException', message: 'Stream nope under account 000000000000 not found.' })

  r = await call('GetRecords', { ShardIterator: 7 })
  assert.strictEqual(r.status, 400)
  assert.strictEqual(r.body.__type, 'SerializationException')
  console.log('ok')
}

main().catch(e => { console.error(e.message); process.exit(1) })
