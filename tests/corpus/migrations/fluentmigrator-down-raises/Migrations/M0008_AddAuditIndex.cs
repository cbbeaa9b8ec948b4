using FluentMigrator;

[Migration(8)]
public class AddAuditIndex : AutoReversingMigration
{
    public override void Up()
    {
        Create.Index("ix_audit_at").OnTable("audit").OnColumn("at");
    }
}
