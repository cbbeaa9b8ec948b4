Rails.application.routes.draw do
  get "/:token/status", to: "tokens#status"
  get "/orders/ping", to: "orders#ping"
end
