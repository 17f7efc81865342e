using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Credentials.Api.Infrastructure;

internal static class DbErrors
{
    /// <summary>True when the save failed on the named unique constraint (or unique index).</summary>
    public static bool IsUniqueViolation(this DbUpdateException ex, string constraint) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg && pg.ConstraintName == constraint;
}
