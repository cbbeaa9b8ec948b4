package main

func main() {
	app := fiber.New()
	app.Get("/healthcheck", func(c *fiber.Ctx) error { return c.SendString("ok") })
}
