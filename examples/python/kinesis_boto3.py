#!/usr/bin/env python3
"""kinesis_boto3.py: boto3 against a Kinesis endpoint, checked against AWS.

Drives kinesisfake-server (started with -manual-clock) with boto3, as a
Python program's tests would, and checks every answer against what AWS
documents or was seen to answer (the values are AWS's, not the fake's):
streams, puts, reads, tags, error codes and texts, enhanced fan-out with
SubscribeToShard's event stream, and, through the server's admin clock
route, an iterator expiring after 5 minutes without waiting 5 minutes.

    go run ./cmd/kinesisfake-server -manual-clock &
    python3 examples/python/kinesis_boto3.py http://127.0.0.1:4566

It prints a line per check and exits 1 if any fails. It starts with
POST /_kinesisfake/reset, so it can run again and again. Without
-manual-clock it waits real seconds instead, and skips the checks that
need the clock moved by minutes. Standard library and boto3 only.
"""

import datetime
import hashlib
import json
import re
import sys
import time
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, EventStreamError

ACCOUNT = "000000000000"  # the server's default -account
STREAM = "boto3"
CONSUMER = "boto3-reader"
SHARDS = ["shardId-000000000000", "shardId-000000000001"]
# A new stream of 2 shards splits the hash key space evenly (FIDELITY.md).
HALF = 2**128 // 2
RANGES = [(0, HALF - 1), (HALF, 2**128 - 1)]
SEQUENCE_NUMBER = re.compile(r"^[0-9]{56}$")


class Checks:
    """Prints a line per check and remembers the failures."""

    def __init__(self):
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}")
        return ok

    def equal(self, name, got, want):
        return self.check(name, got == want, f"got {got!r}, want {want!r}")

    def error(self, name, code, message, call, **params):
        """Checks that call(**params) fails with code and message (a string,
        or a compiled pattern that must match the whole text)."""
        try:
            out = call(**params)
        except ClientError as e:
            got_code = e.response["Error"]["Code"]
            got_message = e.response["Error"].get("Message", "")
            if isinstance(message, re.Pattern):
                ok = message.fullmatch(got_message) is not None
            else:
                ok = got_message == message
            return self.check(
                name,
                got_code == code and ok,
                f"got {got_code}: {got_message!r}, want {code}: {getattr(message, 'pattern', message)!r}",
            )
        out.pop("ResponseMetadata", None)
        return self.check(name, False, f"succeeded with {out!r}, want {code}")

    def skip(self, name, why):
        print(f"skip {name}: {why}")


class Admin:
    """The server's admin routes under /_kinesisfake/ (not the Kinesis API)."""

    def __init__(self, endpoint):
        self.base = endpoint.rstrip("/") + "/_kinesisfake/"

    def call(self, method, route):
        req = urllib.request.Request(self.base + route, method=method)
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.load(resp)

    def reset(self):
        self.call("POST", "reset")

    def clock(self):
        """The fake's time, and whether its clock is manual."""
        c = self.call("GET", "clock")
        return datetime.datetime.fromisoformat(c["now"]), c["manual"]

    def advance(self, by):
        """Moves a manual clock on by a Go duration such as 5m1s."""
        return datetime.datetime.fromisoformat(self.call("POST", "clock/advance?by=" + by)["now"])


def shard_of(partition_key):
    """The shard AWS routes a partition key to: the MD5 of the key as a
    128-bit big-endian integer, in the shard whose range holds it."""
    h = int.from_bytes(hashlib.md5(partition_key.encode()).digest(), "big")
    return SHARDS[0] if h <= RANGES[0][1] else SHARDS[1]


def java_date(t):
    """A time as AWS's error texts write it: Thu Jan 22 01:22:02 UTC 2015."""
    return t.astimezone(datetime.timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y")


def client(session, endpoint, region):
    """A Kinesis client of endpoint, with any credentials."""
    return session.client(
        "kinesis",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="x",
        aws_secret_access_key="x",
        # No retries: a check sees the endpoint's first answer.
        config=Config(retries={"total_max_attempts": 1}, read_timeout=15, connect_timeout=5),
    )


def millisecond_timestamps(serializer_kwargs, **_):
    """Makes botocore send timestamps with their milliseconds: for Kinesis
    it sends whole seconds unless told otherwise."""
    serializer_kwargs["timestamp_precision"] = "millisecond"


def main(endpoint, region="us-east-1"):
    sys.stdout.reconfigure(line_buffering=True)  # a line per check, as it comes
    c = Checks()
    admin = Admin(endpoint)
    admin.reset()
    start, manual = admin.clock()
    print(f"endpoint {endpoint}, the fake's clock at {start.isoformat()} ({'manual' if manual else 'real'})")

    def tick():
        """Lets a second pass, for the per-second limits (GetRecords 5 calls
        a second per shard, DescribeStream 10 an account): on a manual
        clock nothing passes unless moved."""
        if manual:
            admin.advance("1s")
        else:
            time.sleep(1)

    kinesis = client(boto3.Session(), endpoint, region)
    arn = f"arn:aws:kinesis:{region}:{ACCOUNT}:stream/{STREAM}"

    # --- a stream
    if manual:
        admin.advance("250ms")  # a stream made within a second, not at its start
    out = kinesis.create_stream(StreamName=STREAM, ShardCount=2)
    c.equal("create_stream: HTTP 200", out["ResponseMetadata"]["HTTPStatusCode"], 200)
    kinesis.get_waiter("stream_exists").wait(StreamName=STREAM, WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    c.check("waiter stream_exists returned", True)
    desc = kinesis.describe_stream(StreamName=STREAM)["StreamDescription"]
    c.equal("describe_stream: StreamStatus", desc["StreamStatus"], "ACTIVE")
    c.equal("describe_stream: StreamARN", desc["StreamARN"], arn)
    c.equal("describe_stream: RetentionPeriodHours", desc["RetentionPeriodHours"], 24)
    created = desc["StreamCreationTimestamp"]
    c.check(
        "describe_stream: StreamCreationTimestamp is a datetime", isinstance(created, datetime.datetime), repr(created)
    )
    # AWS reports it in whole seconds (1569503664.0 and the like, in every
    # response on record), and boto3 sends it back in whole seconds.
    c.equal("describe_stream: StreamCreationTimestamp in whole seconds", created.microsecond, 0)
    out = kinesis.list_shards(StreamName=STREAM, StreamCreationTimestamp=created)
    c.equal("list_shards with the StreamCreationTimestamp describe_stream gave", len(out["Shards"]), len(SHARDS))

    shards = kinesis.list_shards(StreamName=STREAM)["Shards"]
    c.equal("list_shards: shard ids", [s["ShardId"] for s in shards], SHARDS)
    c.equal(
        "list_shards: hash key ranges split the key space evenly",
        [(int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"])) for s in shards],
        RANGES,
    )
    c.check(
        "list_shards: open shards, 56-digit StartingSequenceNumber",
        all(
            SEQUENCE_NUMBER.match(s["SequenceNumberRange"]["StartingSequenceNumber"])
            and "EndingSequenceNumber" not in s["SequenceNumberRange"]
            for s in shards
        ),
        repr([s["SequenceNumberRange"] for s in shards]),
    )

    # --- puts
    put_at, _ = admin.clock()
    out = kinesis.put_record(StreamName=STREAM, PartitionKey="alice", Data=b"hello")
    sent = [("alice", b"hello", out["ShardId"], out["SequenceNumber"])]
    c.equal("put_record: ShardId is the partition key's MD5's", out["ShardId"], shard_of("alice"))
    c.check("put_record: a 56-digit SequenceNumber", SEQUENCE_NUMBER.match(out["SequenceNumber"]), repr(out))
    c.check("put_record: no EncryptionType on an unencrypted stream", "EncryptionType" not in out, repr(out))
    meta = out["ResponseMetadata"]
    c.check(
        "put_record: RequestId (x-amzn-RequestId) is a lowercase UUID",
        re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", meta.get("RequestId", "")),
        repr(meta),
    )
    c.check(
        "put_record: x-amz-id-2 is base64 of 72 bytes",
        re.fullmatch(r"[A-Za-z0-9+/]{96}", meta["HTTPHeaders"].get("x-amz-id-2", "")),
        repr(meta),
    )

    entries = [
        {"PartitionKey": "bob", "Data": b"\x00\xff binary \x80"},
        # botocore writes non-ASCII as \\u escapes, an emoji as a surrogate pair.
        {"PartitionKey": "ключ-😀", "Data": "ключ-😀".encode()},
        {"PartitionKey": "carol", "Data": bytes(range(256))},
        {"PartitionKey": "dave", "Data": b"to the last shard", "ExplicitHashKey": str(2**128 - 1)},
    ]
    out = kinesis.put_records(StreamName=STREAM, Records=entries)
    c.equal("put_records: FailedRecordCount", out["FailedRecordCount"], 0)
    c.equal("put_records: a result per entry", len(out["Records"]), len(entries))
    want_shards = [shard_of("bob"), shard_of("ключ-😀"), shard_of("carol"), SHARDS[1]]
    c.equal("put_records: ShardIds, in input order", [r.get("ShardId") for r in out["Records"]], want_shards)
    c.check(
        "put_records: 56-digit SequenceNumbers, no ErrorCode",
        all(SEQUENCE_NUMBER.match(r.get("SequenceNumber", "")) and "ErrorCode" not in r for r in out["Records"]),
        repr(out["Records"]),
    )
    for e, r in zip(entries, out["Records"]):
        sent.append((e["PartitionKey"], e["Data"], r.get("ShardId"), r.get("SequenceNumber")))
    for shard in SHARDS:
        numbers = [int(s[3]) for s in sent if s[2] == shard]
        c.check(f"put: sequence numbers increase within {shard}", numbers == sorted(set(numbers)), repr(numbers))

    # --- reads
    if manual:
        admin.advance("2s")  # the records have now waited 2 s
    else:
        time.sleep(2)
    for shard in SHARDS:
        want = [(s[0], s[1], s[3]) for s in sent if s[2] == shard]
        it = kinesis.get_shard_iterator(StreamName=STREAM, ShardId=shard, ShardIteratorType="TRIM_HORIZON")[
            "ShardIterator"
        ]
        if len(want) > 1:
            # MillisBehindLatest: now minus the arrival of the next unread record.
            out = kinesis.get_records(ShardIterator=it, Limit=1)
            if manual:
                c.equal(f"get_records {shard} Limit=1: MillisBehindLatest", out["MillisBehindLatest"], 2000)
            else:
                c.check(f"get_records {shard} Limit=1: MillisBehindLatest > 0", out["MillisBehindLatest"] > 0, out)
        out = kinesis.get_records(ShardIterator=it)
        got = [(r["PartitionKey"], r["Data"], r["SequenceNumber"]) for r in out["Records"]]
        c.equal(f"get_records {shard}: every record, its data as bytes", got, want)
        times = [r["ApproximateArrivalTimestamp"] for r in out["Records"]]
        c.check(
            f"get_records {shard}: ApproximateArrivalTimestamp is a datetime",
            times and all(isinstance(t, datetime.datetime) and t.tzinfo is not None for t in times),
            repr(times),
        )
        if manual:
            # Millisecond precision, the time of the put.
            want_ms = int(put_at.timestamp() * 1000)
            c.equal(
                f"get_records {shard}: arrival at the put's time, in ms",
                [round(t.timestamp() * 1000) for t in times],
                [want_ms] * len(times),
            )
        c.equal(f"get_records {shard}: MillisBehindLatest at the tip", out["MillisBehindLatest"], 0)
        c.check(f"get_records {shard}: a NextShardIterator on an open shard", out.get("NextShardIterator"), repr(out))
        c.check(f"get_records {shard}: no EncryptionType", all("EncryptionType" not in r for r in out["Records"]), out)

    # --- a record of the largest size, and one byte more
    tick()
    big = bytes(range(256)) * 4096  # 1 MiB
    out = kinesis.put_record(StreamName=STREAM, PartitionKey="big", Data=big, ExplicitHashKey=str(2**128 - 1))
    sent.append(("big", big, out["ShardId"], out["SequenceNumber"]))
    it = kinesis.get_shard_iterator(
        StreamName=STREAM,
        ShardId=SHARDS[1],
        ShardIteratorType="AT_SEQUENCE_NUMBER",
        StartingSequenceNumber=out["SequenceNumber"],
    )["ShardIterator"]
    got = kinesis.get_records(ShardIterator=it)["Records"]
    c.check("get_records: a 1 MiB record round-trips", got and got[0]["Data"] == big, f"{len(got)} records")
    tick()
    # botocore checks only a length's minimum, so 1048577 bytes reach the endpoint.
    c.error(
        "put_record of 1048577 bytes",
        "ValidationException",
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' "
        "failed to satisfy constraint: Member must have length less than or equal to 1048576",
        kinesis.put_record,
        StreamName=STREAM,
        PartitionKey="big",
        Data=big + b"!",
    )

    # --- tags
    kinesis.add_tags_to_stream(StreamName=STREAM, Tags={"team": "data", "env": "test"})
    out = kinesis.list_tags_for_stream(StreamName=STREAM)
    c.equal(
        "list_tags_for_stream: every tag, sorted by key",
        out["Tags"],
        [{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "data"}],
    )
    c.equal("list_tags_for_stream: HasMoreTags", out["HasMoreTags"], False)

    # --- paginators
    tick()
    pages = kinesis.get_paginator("describe_stream").paginate(StreamName=STREAM, PaginationConfig={"PageSize": 1})
    c.equal(
        "describe_stream paginator, a shard a page",
        [s["ShardId"] for s in pages.build_full_result()["StreamDescription"]["Shards"]],
        SHARDS,
    )
    # botocore's ListShards paginator sends StreamName with the NextToken,
    # which AWS refuses (boto/botocore#2009): page by hand, the token alone.
    pages = kinesis.get_paginator("list_shards").paginate(StreamName=STREAM, PaginationConfig={"PageSize": 1})
    c.error(
        "list_shards paginator: AWS refuses its second page",
        "InvalidArgumentException",
        "NextToken and StreamName cannot be provided together.",
        lambda: pages.build_full_result(),
    )
    out = kinesis.list_shards(StreamName=STREAM, MaxResults=1)
    ids = [s["ShardId"] for s in out["Shards"]]
    while out.get("NextToken"):
        out = kinesis.list_shards(NextToken=out["NextToken"], MaxResults=1)
        ids += [s["ShardId"] for s in out["Shards"]]
    c.equal("list_shards by hand with NextToken alone, a shard a page", ids, SHARDS)

    if manual:
        # --- GetRecords: 5 calls a second per shard
        tick()
        it = kinesis.get_shard_iterator(StreamName=STREAM, ShardId=SHARDS[0], ShardIteratorType="LATEST")[
            "ShardIterator"
        ]
        for _ in range(5):
            kinesis.get_records(ShardIterator=it)
        c.error(
            "get_records, the 6th call in a second",
            "ProvisionedThroughputExceededException",
            f"Rate exceeded for Shard - {ACCOUNT}/{STREAM}/{SHARDS[0]}",
            kinesis.get_records,
            ShardIterator=it,
        )

        # --- AT_TIMESTAMP: the first record that arrived at or after it
        tick()
        arrival = admin.advance("500ms")  # half-way through a second
        late = kinesis.put_record(StreamName=STREAM, PartitionKey="frank", Data=b"at .5 s", ExplicitHashKey="0")[
            "SequenceNumber"
        ]
        tick()
        after = arrival + datetime.timedelta(milliseconds=100)

        def at_timestamp(kc):
            it = kc.get_shard_iterator(
                StreamName=STREAM, ShardId=SHARDS[0], ShardIteratorType="AT_TIMESTAMP", Timestamp=after
            )["ShardIterator"]
            return [r["SequenceNumber"] for r in kinesis.get_records(ShardIterator=it)["Records"]]

        # boto3 cuts the timestamp to its second, which is before the arrival.
        c.equal(
            "get_shard_iterator AT_TIMESTAMP 100 ms after a record (boto3 sends whole seconds): reads it",
            at_timestamp(kinesis),
            [late],
        )
        precise = boto3.Session()
        precise.events.register("creating-serializer.kinesis", millisecond_timestamps)
        c.equal(
            "get_shard_iterator AT_TIMESTAMP 100 ms after a record, sent in milliseconds: reads nothing",
            at_timestamp(client(precise, endpoint, region)),
            [],
        )
        sent.append(("frank", b"at .5 s", SHARDS[0], late))
    else:
        c.skip("GetRecords' rate and AT_TIMESTAMP", "the server's clock is not manual")

    # --- errors, with AWS's codes and texts
    tick()
    c.error(
        "describe_stream of a missing stream",
        "ResourceNotFoundException",
        f"Stream missing under account {ACCOUNT} not found.",
        kinesis.describe_stream,
        StreamName="missing",
    )
    c.error(
        "get_records with a bad iterator",
        "InvalidArgumentException",
        "Invalid ShardIterator.",
        kinesis.get_records,
        ShardIterator="AAAAAAAAAAH-not-an-iterator",
    )
    it = kinesis.get_shard_iterator(StreamName=STREAM, ShardId=SHARDS[0], ShardIteratorType="LATEST")["ShardIterator"]
    # botocore checks only a range's minimum, so 10001 reaches the endpoint.
    c.error(
        "get_records Limit=10001",
        "ValidationException",
        "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 10000",
        kinesis.get_records,
        ShardIterator=it,
        Limit=10001,
    )
    c.error(
        "get_shard_iterator AT_SEQUENCE_NUMBER without a number",
        "InvalidArgumentException",
        "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or "
        "(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER and "
        "no StartingSequenceNumber.",
        kinesis.get_shard_iterator,
        StreamName=STREAM,
        ShardId=SHARDS[0],
        ShardIteratorType="AT_SEQUENCE_NUMBER",
    )

    # --- an iterator expires 300000 ms after it was issued
    if manual:
        tick()
        issued, _ = admin.clock()
        it = kinesis.get_shard_iterator(StreamName=STREAM, ShardId=SHARDS[0], ShardIteratorType="TRIM_HORIZON")[
            "ShardIterator"
        ]
        admin.advance("5m")
        out = kinesis.get_records(ShardIterator=it)
        c.equal(
            "get_records with an iterator exactly 300000 ms old: still valid",
            [r["SequenceNumber"] for r in out["Records"]],
            [s[3] for s in sent if s[2] == SHARDS[0]],
        )
        now = admin.advance("1s")
        c.error(
            "get_records with an iterator 5m1s old",
            "ExpiredIteratorException",
            f"Iterator expired. The iterator was created at time {java_date(issued)} while right now it is "
            f"{java_date(now)} which is further in the future than the tolerated delay of 300000 milliseconds.",
            kinesis.get_records,
            ShardIterator=it,
        )
    else:
        c.skip("iterator expiry", "the server's clock is not manual (start it with -manual-clock)")

    # --- enhanced fan-out
    tick()
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName=CONSUMER)["Consumer"]
    created = consumer["ConsumerCreationTimestamp"]
    c.equal("register_stream_consumer: CREATING", consumer["ConsumerStatus"], "CREATING")
    c.equal("register_stream_consumer: ConsumerCreationTimestamp in whole seconds", created.microsecond, 0)
    c.equal(
        "register_stream_consumer: ConsumerARN",
        consumer["ConsumerARN"],
        f"{arn}/consumer/{CONSUMER}:{int(created.timestamp())}",
    )
    c.error(
        "subscribe_to_shard while the consumer is CREATING",
        "ResourceInUseException",
        f"Consumer {CONSUMER} with creation timestamp {int(created.timestamp())} under stream: {STREAM} , "
        f"account {ACCOUNT}. is not in ACTIVE status.",
        kinesis.subscribe_to_shard,
        ConsumerARN=consumer["ConsumerARN"],
        ShardId=SHARDS[1],
        StartingPosition={"Type": "TRIM_HORIZON"},
    )
    for _ in range(30):
        tick()
        status = kinesis.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])["ConsumerDescription"][
            "ConsumerStatus"
        ]
        if status == "ACTIVE":
            break
    c.equal("describe_stream_consumer: ACTIVE", status, "ACTIVE")

    shard = SHARDS[1]
    want = [(s[0], s[1], s[3]) for s in sent if s[2] == shard]
    sub = kinesis.subscribe_to_shard(
        ConsumerARN=consumer["ConsumerARN"], ShardId=shard, StartingPosition={"Type": "TRIM_HORIZON"}
    )
    c.equal("subscribe_to_shard: HTTP 200", sub["ResponseMetadata"]["HTTPStatusCode"], 200)
    events = iter(sub["EventStream"])
    event = next(events)["SubscribeToShardEvent"]
    got = [(r["PartitionKey"], r["Data"], r["SequenceNumber"]) for r in event["Records"]]
    c.equal("SubscribeToShardEvent: the shard's records, data as bytes", got, want)
    c.check(
        "SubscribeToShardEvent: ApproximateArrivalTimestamp is a datetime",
        all(isinstance(r["ApproximateArrivalTimestamp"], datetime.datetime) for r in event["Records"]),
        repr(event["Records"]),
    )
    c.equal("SubscribeToShardEvent: MillisBehindLatest at the tip", event["MillisBehindLatest"], 0)
    cont = event.get("ContinuationSequenceNumber", "")
    c.check(
        "SubscribeToShardEvent: a ContinuationSequenceNumber, none of the records' numbers",
        re.fullmatch(r"0|[1-9][0-9]{0,128}", cont) and cont not in [w[2] for w in want],
        repr(cont),
    )
    c.check("SubscribeToShardEvent: no ChildShards on an open shard", not event.get("ChildShards"), repr(event))

    # A record put while subscribed arrives as an event of its own.
    out = kinesis.put_record(StreamName=STREAM, PartitionKey="erin", Data=b"live", ExplicitHashKey=str(2**128 - 1))
    event = next(events)["SubscribeToShardEvent"]
    c.equal(
        "SubscribeToShardEvent: a record put while subscribed",
        [(r["Data"], r["SequenceNumber"]) for r in event["Records"]],
        [(b"live", out["SequenceNumber"])],
    )
    if manual:
        # A subscription lasts 5 minutes and then ends without an exception.
        admin.advance("5m1s")
        try:
            rest = [e for e in events if e.get("SubscribeToShardEvent", {}).get("Records")]
            c.equal("subscribe_to_shard after 5 minutes: the event stream ends, no records after", rest, [])
        except ClientError as e:
            c.check("subscribe_to_shard after 5 minutes: the event stream ends without an exception", False, repr(e))
    else:
        c.skip("subscribe_to_shard's 5 minutes", "the server's clock is not manual")
    sub["EventStream"].close()

    if manual:
        # One subscription per consumer and shard: a second within 5 s is
        # refused, a later one takes over and the first ends with an
        # exception event, which botocore raises as an EventStreamError.
        tick()
        subscribe = dict(ConsumerARN=consumer["ConsumerARN"], ShardId=SHARDS[0], StartingPosition={"Type": "LATEST"})
        first = kinesis.subscribe_to_shard(**subscribe)["EventStream"]
        first_events = iter(first)  # LATEST, nothing put since: no event yet
        in_use = f"Another active subscription exists for this consumer: {ACCOUNT}:{STREAM}:{SHARDS[0]}:{CONSUMER}"
        tick()
        c.error(
            "subscribe_to_shard again 1 s later",
            "ResourceInUseException",
            in_use,
            kinesis.subscribe_to_shard,
            **subscribe,
        )
        admin.advance("5s")
        second = kinesis.subscribe_to_shard(**subscribe)["EventStream"]
        try:
            for event in first_events:
                pass  # an empty event, 5 s after the start
            c.check(
                "subscribe_to_shard 6 s later: the first stream ends with an exception event", False, "it ended without"
            )
        except EventStreamError as e:
            c.equal(
                "subscribe_to_shard 6 s later: the first stream ends with an exception event",
                (e.response["Error"]["Code"], e.response["Error"]["Message"]),
                ("ResourceInUseException", in_use),
            )
        first.close()
        out = kinesis.put_record(StreamName=STREAM, PartitionKey="grace", Data=b"taken over", ExplicitHashKey="0")
        event = next(iter(second))["SubscribeToShardEvent"]
        c.equal(
            "subscribe_to_shard 6 s later: the new stream gets the next record",
            [(r["Data"], r["SequenceNumber"]) for r in event["Records"]],
            [(b"taken over", out["SequenceNumber"])],
        )
        second.close()
    else:
        c.skip("subscribe_to_shard takeover", "the server's clock is not manual")

    # --- the stream goes
    tick()
    kinesis.delete_stream(StreamName=STREAM, EnforceConsumerDeletion=True)
    kinesis.get_waiter("stream_not_exists").wait(StreamName=STREAM, WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    c.check("waiter stream_not_exists returned", True)

    print("ok" if c.failed == 0 else f"{c.failed} checks failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: kinesis_boto3.py ENDPOINT [REGION]   e.g. http://127.0.0.1:4566")
    try:
        sys.exit(main(*sys.argv[1:]))
    except ClientError as e:  # an answer no check expected
        sys.exit(f"FAIL unexpected error: {e}")
