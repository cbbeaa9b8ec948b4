defmodule App.Repo.Migrations.X do
  use Ecto.Migration

  def change do
    create index(:users, [:email])
  end
end
