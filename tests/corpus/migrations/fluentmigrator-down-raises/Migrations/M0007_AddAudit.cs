using FluentMigrator;

[Migration(7)]
public class AddAudit : Migration
{
    public override void Up()
    {
        Create.Table("audit").WithColumn("id").AsInt64().PrimaryKey();
    }

    public override void Down()
    {
        throw new NotSupportedException("no way back");
    }
}
