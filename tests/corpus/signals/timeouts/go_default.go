package client

import "net/http"

func Fetch(u string) (*http.Response, error) {
	return http.Get(u)
}
