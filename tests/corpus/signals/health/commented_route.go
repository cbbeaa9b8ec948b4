package main

func routes(r *gin.Engine) {
	// r.GET("/health", health)
	r.GET("/users", users)
}
