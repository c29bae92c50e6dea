package kinesisfake

// accountSettings is what DescribeAccountSettings reports and
// UpdateAccountSettings changes.
type accountSettings struct{}
