// Package sigv4 checks the AWS Signature Version 4 of requests to the HTTP
// door as AWS's front end does: first whether a request is signed at all
// and whether its signature has every part (Inspect, which needs no
// secret, as AWS answers before it looks any further), then, when the
// caller knows the secrets, whether the signature is right and current
// (Verifier). Failures carry AWS's exception codes and texts, as
// kinesalite's connection tests recorded them from production.
package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Failure is a request refused for its signature: the exception's code and
// AWS's text.
type Failure struct {
	Code    string
	Message string
}

// The exceptions of signature failures.
const (
	missingToken      = "MissingAuthenticationTokenException"
	incomplete        = "IncompleteSignatureException"
	invalid           = "InvalidSignatureException"
	unrecognizedToken = "UnrecognizedClientException"
)

// Inspect checks that r is signed, in its Authorization header or its query
// string (the X-Amz-Algorithm parameter marks a query signature, whatever
// else it holds), not both, and that the signature names every part AWS
// requires. It returns nil for a request that passes.
func Inspect(r *http.Request) *Failure {
	auth := r.Header.Get("Authorization")
	var query url.Values
	if r.URL.RawQuery != "" {
		// The usual request has no query string, and parsing one that
		// is not there still costs a map.
		query = r.URL.Query()
	}
	_, presigned := query["X-Amz-Algorithm"]
	switch {
	case auth != "" && presigned:
		return &Failure{invalid, "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."}
	case auth == "" && !presigned:
		return &Failure{missingToken, "Missing Authentication Token"}
	case auth != "":
		return inspectHeader(auth, r.Header)
	}
	return inspectQuery(query)
}

// inspectHeader checks an Authorization header for its parts.
func inspectHeader(auth string, header http.Header) *Failure {
	p := headerParams(auth)
	var msg strings.Builder
	for _, part := range [...]struct{ name, value string }{
		{"Credential", p.credential}, {"Signature", p.signature}, {"SignedHeaders", p.signedHeaders},
	} {
		if part.value == "" {
			msg.WriteString("Authorization header requires '" + part.name + "' parameter. ")
		}
	}
	if header.Get("X-Amz-Date") == "" && header.Get("Date") == "" {
		msg.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	if msg.Len() == 0 {
		return nil
	}
	return &Failure{incomplete, msg.String() + "Authorization=" + auth}
}

// authParams are the parameters of an Authorization header that the
// checks read.
type authParams struct {
	credential, signedHeaders, signature string
}

// headerParams reads the key=value parameters of an Authorization header,
// after its first token (the algorithm), separated by commas or spaces; a
// parameter given twice has its last value. It reads the header in one
// pass, without allocating: every request has one.
func headerParams(auth string) authParams {
	var p authParams
	first := true
	for auth != "" {
		end := 0
		for end < len(auth) && auth[end] != ',' && auth[end] != ' ' {
			end++
		}
		f := auth[:end]
		auth = auth[min(end+1, len(auth)):]
		switch {
		case f == "":
			continue // a run of separators
		case first:
			first = false // the algorithm
			continue
		}
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			continue
		}
		switch k {
		case "Credential":
			p.credential = v
		case "SignedHeaders":
			p.signedHeaders = v
		case "Signature":
			p.signature = v
		}
	}
	return p
}

// queryParams are the parts of a query-string signature, in the order AWS
// names the missing ones.
var queryParams = []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"}

// inspectQuery checks a query-string signature for its parts.
func inspectQuery(query url.Values) *Failure {
	var msg strings.Builder
	for _, p := range queryParams {
		if query.Get(p) == "" {
			msg.WriteString("AWS query-string parameters must include '" + p + "'. ")
		}
	}
	if msg.Len() == 0 {
		return nil
	}
	return &Failure{incomplete, msg.String() + "Re-examine the query-string parameters."}
}

// Verifier checks that signatures are right: made with a secret it knows,
// over the request as received, and current.
type Verifier struct {
	// Secrets are the secret access keys, by access key id.
	Secrets map[string]string
	// Now is the time requests are dated against: the time of the clients'
	// own clocks, not a fake one.
	Now func() time.Time
}

// skew is how far a request's date may lie from now, either way.
const skew = 5 * time.Minute

// amzDate is the layout of X-Amz-Date and of the dates in texts.
const amzDate = "20060102T150405Z"

// badSignature is AWS's text for a signature that does not match.
const badSignature = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

// Verify checks an inspected request's signature over body: the access key
// must be known, the date within 5 minutes of now, the signature the one
// the secret gives. It returns nil for a request that passes.
func (v *Verifier) Verify(r *http.Request, body []byte) *Failure {
	var s signed
	if auth := r.Header.Get("Authorization"); auth != "" {
		s = fromHeader(auth, r)
	} else {
		s = fromQuery(r)
	}
	keyID, scope, _ := strings.Cut(s.credential, "/")
	secret, known := v.Secrets[keyID]
	if !known {
		return &Failure{unrecognizedToken, "The security token included in the request is invalid."}
	}
	date, err := time.Parse(amzDate, s.date)
	if err != nil {
		if date, err = http.ParseTime(s.date); err != nil {
			return &Failure{invalid, badSignature}
		}
	}
	now := v.Now().UTC()
	switch {
	case date.Before(now.Add(-skew)):
		return &Failure{invalid, "Signature expired: " + date.Format(amzDate) + " is now earlier than " +
			now.Add(-skew).Format(amzDate) + " (" + now.Format(amzDate) + " - 5 min.)"}
	case date.After(now.Add(skew)):
		return &Failure{invalid, "Signature not yet current: " + date.Format(amzDate) + " is still later than " +
			now.Add(skew).Format(amzDate) + " (" + now.Format(amzDate) + " + 5 min.)"}
	}
	want := signature(secret, scope, date.UTC().Format(amzDate), s.canonicalRequest(r, body))
	if !hmac.Equal([]byte(want), []byte(s.signature)) {
		return &Failure{invalid, badSignature}
	}
	return nil
}

// signed is what a signature says of itself.
type signed struct {
	credential    string   // KEYID/DATE/REGION/SERVICE/aws4_request
	signedHeaders []string // lower-case header names, sorted
	signature     string   // hex
	date          string   // X-Amz-Date (or Date), as sent
	presigned     bool     // in the query string
}

// fromHeader reads a signature from an Authorization header.
func fromHeader(auth string, r *http.Request) signed {
	p := headerParams(auth)
	date := r.Header.Get("X-Amz-Date")
	if date == "" {
		date = r.Header.Get("Date")
	}
	return signed{
		credential:    p.credential,
		signedHeaders: strings.Split(p.signedHeaders, ";"),
		signature:     p.signature,
		date:          date,
	}
}

// fromQuery reads a signature from the query string.
func fromQuery(r *http.Request) signed {
	q := r.URL.Query()
	return signed{
		credential:    q.Get("X-Amz-Credential"),
		signedHeaders: strings.Split(q.Get("X-Amz-SignedHeaders"), ";"),
		signature:     q.Get("X-Amz-Signature"),
		date:          q.Get("X-Amz-Date"),
		presigned:     true,
	}
}

// canonicalRequest is SigV4's canonical form of r: method, path, query
// (without the signature itself), the signed headers and the payload's
// hash.
func (s signed) canonicalRequest(r *http.Request, body []byte) string {
	var b strings.Builder
	b.WriteString(r.Method + "\n")
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	b.WriteString(path + "\n")
	b.WriteString(canonicalQuery(r.URL.Query(), s.presigned) + "\n")
	for _, name := range s.signedHeaders {
		value := r.Header.Values(name)
		if name == "host" {
			// A server's request keeps the Host header in Host; a client's
			// (the in-memory transport's) may have it only in its URL.
			host := r.Host
			if host == "" {
				host = r.URL.Host
			}
			value = []string{host}
		}
		if name == "content-length" && len(value) == 0 && r.ContentLength >= 0 {
			value = []string{strconv.FormatInt(r.ContentLength, 10)} // likewise
		}
		for i := range value {
			value[i] = strings.Join(strings.Fields(value[i]), " ")
		}
		b.WriteString(name + ":" + strings.Join(value, ",") + "\n")
	}
	b.WriteString("\n" + strings.Join(s.signedHeaders, ";") + "\n")
	payload := r.Header.Get("X-Amz-Content-Sha256")
	switch {
	case payload != "":
	case s.presigned:
		payload = "UNSIGNED-PAYLOAD"
	default:
		sum := sha256.Sum256(body)
		payload = hex.EncodeToString(sum[:])
	}
	b.WriteString(payload)
	return b.String()
}

// canonicalQuery is the query string in SigV4's canonical form: keys and
// values URI-encoded, sorted by key then value, X-Amz-Signature left out
// of a presigned request.
func canonicalQuery(q url.Values, presigned bool) string {
	var pairs []string
	for k, vs := range q {
		if presigned && k == "X-Amz-Signature" {
			continue
		}
		for _, v := range vs {
			pairs = append(pairs, uriEncode(k)+"="+uriEncode(v))
		}
	}
	sort.Strings(pairs)
	return strings.Join(pairs, "&")
}

// uriEncode encodes s as SigV4 does: everything but unreserved characters.
func uriEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
	}
	return b.String()
}

// signature is SigV4's signature of a canonical request: the string to
// sign (algorithm, date, scope, the request's hash) under a key derived
// from the secret and the scope (DATE/REGION/SERVICE/aws4_request).
func signature(secret, scope, date, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	toSign := "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	key := []byte("AWS4" + secret)
	for _, part := range strings.Split(scope, "/") {
		key = hmacSHA256(key, part)
	}
	return hex.EncodeToString(hmacSHA256(key, toSign))
}

// hmacSHA256 is HMAC-SHA256 of data under key.
func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
