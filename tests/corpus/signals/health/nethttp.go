package main

import "net/http"

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /livez", live)
	http.ListenAndServe(":8080", mux)
}
