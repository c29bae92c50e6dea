package kinesisfake

// TEMPORARY until validation_gen.go lands.
func checkRequired(in any) error                           { return nil }
func checkConstraints(in any, serverRequired bool) []string { return nil }
func validationMessage(v []string) string                  { return "" }
