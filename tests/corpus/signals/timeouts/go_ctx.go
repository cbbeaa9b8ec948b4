package client

func Do(ctx context.Context, req *http.Request) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c := http.Client{}
	_, err := c.Do(req.WithContext(ctx))
	return err
}
