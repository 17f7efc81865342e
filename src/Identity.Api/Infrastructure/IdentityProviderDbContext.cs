using Identity.Api.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Api.Infrastructure;

/// <summary>
/// Users (ASP.NET Core Identity, without role tables: a person has exactly one role, a column the database
/// checks) and OpenIddict's applications, authorizations and tokens.
/// </summary>
public sealed class IdentityProviderDbContext(DbContextOptions<IdentityProviderDbContext> options)
    : IdentityUserContext<PlatformUser, Guid>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();

        // snake_case like every other database of the platform (both libraries name their tables explicitly).
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("oidc_applications");
        builder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("oidc_authorizations");
        builder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("oidc_scopes");
        builder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("oidc_tokens");

        builder.Entity<PlatformUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(UserProfile.MaxDisplayNameLength).IsRequired();
            user.Property(u => u.Role).HasMaxLength(20).IsRequired();
            user.Property(u => u.LocationIds).IsRequired();
            // The same rules as UserProfile.Problems, so no path around the application can store a user
            // whose token would be incomplete (a therapist without a practitioner id, staff without a location).
            user.ToTable("users", t =>
            {
                var people = string.Join(", ", PlatformRoles.People.Select(r => $"'{r}'"));
                var staff = string.Join(", ", PlatformRoles.Staff.Select(r => $"'{r}'"));
                t.HasCheckConstraint("ck_users_role", $"role IN ({people})");
                t.HasCheckConstraint("ck_users_staff_locations",
                    $"(role IN ({staff})) = (cardinality(location_ids) > 0)");
                t.HasCheckConstraint("ck_users_practitioner",
                    $"(role = '{PlatformRoles.Therapist}') = (practitioner_id IS NOT NULL)");
                t.HasCheckConstraint("ck_users_physician",
                    $"(role = '{PlatformRoles.Physician}') = (physician_id IS NOT NULL)");
            });
        });
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running service or database.</summary>
internal sealed class IdentityProviderDbContextDesignTimeFactory : IDesignTimeDbContextFactory<IdentityProviderDbContext>
{
    public IdentityProviderDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<IdentityProviderDbContext>().UseNpgsql("Host=localhost;Database=identitydb").UsePlatformConventions().Options);
}
