defmodule App.Repo.Migrations.X do
  use Ecto.Migration

  def up do
    alter table(:users) do
      add :plan, :string
    end
  end

  def down do
    alter table(:users) do
      remove :plan
    end
  end
end
