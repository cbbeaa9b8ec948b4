package client

import (
	"net/http"
	"time"
)

var good = &http.Client{Timeout: 10 * time.Second}
var bad = &http.Client{}
