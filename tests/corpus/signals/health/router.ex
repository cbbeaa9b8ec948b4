defmodule AppWeb.Router do
  use AppWeb, :router

  scope "/", AppWeb do
    get "/health", HealthController, :index
  end
end
