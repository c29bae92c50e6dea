package kinesisfake

import (
	"errors"
	"net/http"
)

// unsupportedHTTPClient is the HTTP client Fake.Options hands out until
// kinesisfake serves the SDK over an in-memory transport: it refuses every
// request, so a client built from those options can never reach AWS by
// accident.
type unsupportedHTTPClient struct{}

func (unsupportedHTTPClient) Do(*http.Request) (*http.Response, error) {
	return nil, errors.New("kinesisfake: the SDK transport door is not yet supported; call the *Fake's methods directly")
}
