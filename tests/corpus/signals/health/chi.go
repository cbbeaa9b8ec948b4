package server

func routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Heartbeat("/ping"))
	return r
}
