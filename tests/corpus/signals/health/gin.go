package server

func routes(r *gin.Engine) {
	r.GET("/api/v1/health", func(c *gin.Context) { c.JSON(200, gin.H{"ok": true}) })
}
