package main

const probe = "/healthcheck"

func main() { log.Printf("probe path is %s", probe) }
