package server

func routes(e *echo.Echo) {
	e.GET("/readyz", ready)
}
