using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Credentials.Api.Infrastructure.Migrations
{
    /// <summary>
    /// Tells listeners which practitioner's credentials changed, when (and only if) the change commits: the
    /// eligibility facts cache evicts on it (EligibilityFactsCache). No model change, so no designer file.
    /// </summary>
    [DbContext(typeof(CredentialsDbContext))]
    [Migration("20261123090000_CredentialChangeNotifications")]
    public partial class CredentialChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // TRUNCATE says "everyone". Otherwise TG_ARGV[0] names the column holding the practitioner's id. pg_notify folds identical payloads of one
            // transaction into one, so a bulk load sends one notification per practitioner.
            migrationBuilder.Sql($"""
                CREATE FUNCTION credentials_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        PERFORM pg_notify('{EligibilityFactsCache.ChangeChannel}', '{EligibilityFactsCache.EveryPractitioner}');
                        RETURN NULL;
                    END IF;
                    PERFORM pg_notify('{EligibilityFactsCache.ChangeChannel}',
                        (CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END) ->> TG_ARGV[0]);
                    IF TG_OP = 'UPDATE' THEN
                        PERFORM pg_notify('{EligibilityFactsCache.ChangeChannel}', to_jsonb(OLD) ->> TG_ARGV[0]);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER practitioners_notify_change AFTER INSERT OR UPDATE OR DELETE ON practitioners
                    FOR EACH ROW EXECUTE FUNCTION credentials_notify_change('id');
                CREATE TRIGGER licenses_notify_change AFTER INSERT OR UPDATE OR DELETE ON licenses
                    FOR EACH ROW EXECUTE FUNCTION credentials_notify_change('practitioner_id');
                CREATE TRIGGER certifications_notify_change AFTER INSERT OR UPDATE OR DELETE ON certifications
                    FOR EACH ROW EXECUTE FUNCTION credentials_notify_change('practitioner_id');
                CREATE TRIGGER credentials_truncate_notify_change AFTER TRUNCATE ON practitioners
                    FOR EACH STATEMENT EXECUTE FUNCTION credentials_notify_change();
                CREATE TRIGGER licenses_truncate_notify_change AFTER TRUNCATE ON licenses
                    FOR EACH STATEMENT EXECUTE FUNCTION credentials_notify_change();
                CREATE TRIGGER certifications_truncate_notify_change AFTER TRUNCATE ON certifications
                    FOR EACH STATEMENT EXECUTE FUNCTION credentials_notify_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS certifications_truncate_notify_change ON certifications;
                DROP TRIGGER IF EXISTS licenses_truncate_notify_change ON licenses;
                DROP TRIGGER IF EXISTS credentials_truncate_notify_change ON practitioners;
                DROP TRIGGER IF EXISTS certifications_notify_change ON certifications;
                DROP TRIGGER IF EXISTS licenses_notify_change ON licenses;
                DROP TRIGGER IF EXISTS practitioners_notify_change ON practitioners;
                DROP FUNCTION IF EXISTS credentials_notify_change();
                """);
        }
    }
}
