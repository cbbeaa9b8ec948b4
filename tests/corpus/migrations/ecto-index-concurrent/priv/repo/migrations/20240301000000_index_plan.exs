defmodule App.Repo.Migrations.X do
  use Ecto.Migration

  @disable_ddl_transaction true
  @disable_migration_lock true

  def change do
    create index(:users, [:plan], concurrently: true)
  end
end
