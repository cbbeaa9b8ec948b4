import Config

config :app, App.Repo, url: System.get_env("DATABASE_URL")
config :app, AppWeb.Endpoint, host: System.fetch_env!("PHX_HOST")
