package server

var handlers = []func() error{
	func() error { return nil },
}
