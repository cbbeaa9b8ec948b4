package config

type Opts struct {
	Port  int    `env:"PORT"`
	Token string `envconfig:"API_TOKEN"`
}
