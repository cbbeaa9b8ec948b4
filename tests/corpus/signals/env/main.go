package main

import "os"

func main() {
	addr := os.Getenv("LISTEN_ADDR")
	if v, ok := os.LookupEnv("FEATURE_X"); ok {
		_ = v
	}
	_ = addr
}
