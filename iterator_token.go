package kinesisfake

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
)

// A shard iterator is a self-describing, stateless position: everything
// GetRecords needs travels in the token, so an iterator can be used again
// and sees records put after it was issued, as with real Kinesis.
//
// Layout before base64 (all integers big-endian):
//
//	8  magic 00 00 00 00 00 00 00 01 (real iterators start so too)
//	8  iterator serial within the Fake (for ExpireIterators)
//	8  stream serial          } which incarnation of the stream
//	8  stream creation, ms    }
//	4  shard number
//	8  offset of the next record to read
//	8  issue time, ms
//	1  length of the stream name, then the name
//	   zeros, so that the whole token is 152 + 16k bytes long, as real
//	   iterators are (kinesalite's suite, run against production, checks it)
//	16 MAC over all of the above
//
// The MAC makes a forged or garbled token fail as "Invalid ShardIterator."
// instead of reading somewhere random. It only has to resist accidents and
// hand-edits in tests, not attackers, so a keyed SHA-256 prefix suffices.
type iteratorToken struct {
	serial     uint64
	stream     streamTag
	shard      int
	offset     uint64
	issuedMs   int64
	streamName string
}

// Sizes in the layout above: tokenFixedLen is the length of the payload up to
// and including the name's length byte, tokenMACLen how much of the SHA-256
// MAC a token keeps (page tokens too), and tokenMaxLen the longest token
// before base64, so buffers can live on the stack.
const (
	tokenFixedLen   = 8 + 8 + 8 + 8 + 4 + 8 + 8 + 1
	tokenMACLen     = 16
	tokenMaxPayload = 328 - tokenMACLen // a 255-byte name, padded to 152 + 16*11
	tokenMaxLen     = tokenMaxPayload + tokenMACLen
)

// iteratorLen is the length of an iterator whose payload (fields and name)
// takes n bytes: the shortest 152 + 16k that holds it and the MAC.
func iteratorLen(n int) int {
	total := 152
	for total < n+tokenMACLen {
		total += 16
	}
	return total
}

// tokenMagic opens every iterator token, as it opens real ones.
var tokenMagic = [8]byte{0, 0, 0, 0, 0, 0, 0, 1}

// errInvalidToken is decode's one error; openIterator reports it to callers
// as "Invalid ShardIterator.".
var errInvalidToken = errors.New("invalid shard iterator")

// tokenSigner mints and checks iterator tokens for one Fake.
type tokenSigner struct {
	key [32]byte
}

// newTokenSigner returns the signer for a Fake of account and region, keyed
// from both so tokens from another Fake's account or region fail.
func newTokenSigner(account, region string) *tokenSigner {
	// Deterministic on purpose: the same calls give the same iterators.
	return &tokenSigner{key: sha256.Sum256([]byte("kinesisfake iterator key/" + account + "/" + region))}
}

// mac is the keyed hash of a token's payload: SHA-256 over key and payload,
// hashed from one stack buffer so that minting and checking tokens
// allocate nothing.
func (s *tokenSigner) mac(payload []byte) [sha256.Size]byte {
	var buf [len(tokenSigner{}.key) + tokenMaxPayload]byte
	n := copy(buf[:], s.key[:])
	n += copy(buf[n:], payload)
	return sha256.Sum256(buf[:n])
}

// encode returns the base64 token for t.
func (s *tokenSigner) encode(t iteratorToken) string {
	name := t.streamName
	if len(name) > 255 {
		name = name[:255] // stream names are at most 128 characters
	}
	var buf [tokenMaxLen]byte
	b := buf[:0]
	b = append(b, tokenMagic[:]...)
	b = binary.BigEndian.AppendUint64(b, t.serial)
	b = binary.BigEndian.AppendUint64(b, t.stream.serial)
	b = binary.BigEndian.AppendUint64(b, uint64(t.stream.createdMs))
	b = binary.BigEndian.AppendUint32(b, uint32(t.shard))
	b = binary.BigEndian.AppendUint64(b, t.offset)
	b = binary.BigEndian.AppendUint64(b, uint64(t.issuedMs))
	b = append(b, byte(len(name)))
	b = append(b, name...)
	for total := iteratorLen(len(b)); len(b) < total-tokenMACLen; {
		b = append(b, 0)
	}
	sum := s.mac(b)
	b = append(b, sum[:tokenMACLen]...)
	var text [(tokenMaxLen + 2) / 3 * 4]byte
	out := text[:base64.StdEncoding.EncodedLen(len(b))]
	base64.StdEncoding.Encode(out, b)
	return string(out)
}

// decode checks and decodes a token. Any malformed or tampered token gives
// errInvalidToken.
func (s *tokenSigner) decode(token string) (iteratorToken, error) {
	// Shells and the AWS CLI may pass an iterator with its JSON quotes on;
	// AWS accepts it so (LocalStack's AWS-validated tests, its PR #9884:
	// "both the CLI and AWS allow this").
	if len(token) >= 2 && token[0] == '"' && token[len(token)-1] == '"' {
		token = token[1 : len(token)-1]
	}
	// Copy the text to the stack rather than convert it, which would
	// allocate. Base64 decoding skips newlines, so allow a few.
	var text [(tokenMaxLen+2)/3*4 + 16]byte
	if len(token) > len(text) {
		return iteratorToken{}, errInvalidToken
	}
	copy(text[:], token)
	var buf [len(text)]byte
	n, err := base64.StdEncoding.Decode(buf[:], text[:len(token)])
	if err != nil || n < tokenFixedLen+tokenMACLen || n > tokenMaxLen {
		return iteratorToken{}, errInvalidToken
	}
	b := buf[:n]
	payload, mac := b[:n-tokenMACLen], b[n-tokenMACLen:]
	sum := s.mac(payload)
	if subtle.ConstantTimeCompare(sum[:tokenMACLen], mac) != 1 {
		return iteratorToken{}, errInvalidToken
	}
	if [8]byte(payload[:8]) != tokenMagic {
		return iteratorToken{}, errInvalidToken
	}
	nameLen := int(payload[tokenFixedLen-1])
	if n != iteratorLen(tokenFixedLen+nameLen) {
		return iteratorToken{}, errInvalidToken
	}
	name := payload[tokenFixedLen : tokenFixedLen+nameLen]
	be := binary.BigEndian
	return iteratorToken{
		serial:     be.Uint64(payload[8:]),
		stream:     streamTag{serial: be.Uint64(payload[16:]), createdMs: int64(be.Uint64(payload[24:]))},
		shard:      int(be.Uint32(payload[32:])),
		offset:     be.Uint64(payload[36:]),
		issuedMs:   int64(be.Uint64(payload[44:])),
		streamName: string(name),
	}, nil
}
