#!/bin/sh
# smoke.sh: a smoke test of a Kinesis endpoint with the AWS CLI (v1 or v2),
# against a kinesisfake-server started with -manual-clock. It puts a record,
# reads it, moves the server's clock 5 minutes on through the admin route
# and shows that the shard iterator has expired.
#
#   go run ./cmd/kinesisfake-server -manual-clock &
#   ENDPOINT=http://127.0.0.1:4566 sh examples/cli/smoke.sh
#
# It starts with POST /_kinesisfake/reset, so it can run again and again.
set -eu

: "${ENDPOINT:?set ENDPOINT to the server, e.g. http://127.0.0.1:4566}"
# Any credentials will do; no pager (CLI v2), no profile's output format.
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-x}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-x}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}" AWS_PAGER=""

# CLI v1 sends --data as it is given; v2 expects base64 unless told otherwise.
binary=""
case "$(aws --version 2>&1)" in
aws-cli/2*) binary="--cli-binary-format raw-in-base64-out" ;;
esac

kinesis() { aws --endpoint-url "$ENDPOINT" --output text kinesis "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

curl -fsS -X POST "$ENDPOINT/_kinesisfake/reset" >/dev/null

kinesis create-stream --stream-name smoke --shard-count 1
echo "created stream smoke"

# shellcheck disable=SC2086 # $binary is zero or two words
seq=$(kinesis put-record $binary --stream-name smoke --partition-key alice --data hello --query SequenceNumber)
echo "put hello: sequence number $seq"

it=$(kinesis get-shard-iterator --stream-name smoke --shard-id shardId-000000000000 \
	--shard-iterator-type TRIM_HORIZON --query ShardIterator)
data=$(kinesis get-records --shard-iterator "$it" --query 'Records[0].Data')
[ "$data" = "aGVsbG8=" ] || fail "get-records read '$data', want aGVsbG8= (hello in base64)"
echo "get-records read hello"

curl -fsS -X POST "$ENDPOINT/_kinesisfake/clock/advance?by=5m1s" >/dev/null
echo "moved the server's clock 5m1s on"

if out=$(kinesis get-records --shard-iterator "$it" 2>&1); then
	fail "get-records with a 5-minute-old iterator succeeded: $out"
fi
case "$out" in
*ExpiredIteratorException*) echo "get-records with the old iterator: ExpiredIteratorException" ;;
*) fail "get-records with a 5-minute-old iterator: $out" ;;
esac

it=$(kinesis get-shard-iterator --stream-name smoke --shard-id shardId-000000000000 \
	--shard-iterator-type AT_SEQUENCE_NUMBER --starting-sequence-number "$seq" --query ShardIterator)
data=$(kinesis get-records --shard-iterator "$it" --query 'Records[0].Data')
[ "$data" = "aGVsbG8=" ] || fail "get-records with a new iterator read '$data', want aGVsbG8="
echo "a new iterator at $seq reads hello again"
echo "ok"
