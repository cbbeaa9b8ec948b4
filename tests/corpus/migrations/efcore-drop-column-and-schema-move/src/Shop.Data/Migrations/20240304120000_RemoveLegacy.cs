using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shop.Data.Migrations
{
    /// <inheritdoc />
    public partial class RemoveLegacy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
                migrationBuilder.EnsureSchema(
                name: "shop");

            migrationBuilder.RenameTable(
                name: "Orders",
                newName: "Orders",
                newSchema: "shop");

            migrationBuilder.DropColumn(
                name: "Legacy",
                schema: "shop",
                table: "Orders");

            migrationBuilder.AlterColumn<DateTime>(
                name: "ShippedAt",
                schema: "shop",
                table: "Orders",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
                migrationBuilder.AddColumn<string>(
                name: "Legacy",
                schema: "shop",
                table: "Orders",
                nullable: true);
        }
        }
}
