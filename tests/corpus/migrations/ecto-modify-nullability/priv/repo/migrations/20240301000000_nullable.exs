defmodule App.Repo.Migrations.X do
  use Ecto.Migration

  def change do
    alter table(:sessions) do
      modify :user_id, :bigint, null: true, from: {:bigint, null: false}
    end
  end
end
