defmodule App.Repo.Migrations.X do
  use Ecto.Migration

  def change do
    execute "UPDATE users SET plan = 'free'"
  end
end
