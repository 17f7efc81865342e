using Identity.Api.Domain;
using Identity.Api.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Identity.Tests;

/// <summary>What the database refuses and what the demo seeding guarantees.</summary>
public sealed class UserStoreTests(IdentityServiceFactory identity) : IClassFixture<IdentityServiceFactory>
{
    [Theory]
    [InlineData("therapist", "'{}'::uuid[]", "gen_random_uuid()", "NULL", "ck_users_staff_locations")]
    [InlineData("therapist", "ARRAY[gen_random_uuid()]", "NULL", "NULL", "ck_users_practitioner")]
    [InlineData("physician", "'{}'::uuid[]", "NULL", "NULL", "ck_users_physician")]
    [InlineData("admin", "'{}'::uuid[]", "gen_random_uuid()", "NULL", "ck_users_practitioner")]
    [InlineData("hq-auditor", "ARRAY[gen_random_uuid()]", "NULL", "NULL", "ck_users_staff_locations")]
    [InlineData("service", "'{}'::uuid[]", "NULL", "NULL", "ck_users_role")]
    public async Task The_database_refuses_a_user_whose_token_would_be_incomplete(string role, string locations, string practitioner, string physician, string constraint)
    {
        var userName = $"raw-{Guid.NewGuid():N}";
        var failure = await Assert.ThrowsAsync<PostgresException>(() => identity.ExecuteAsync(
            $"""
            INSERT INTO users (id, user_name, normalized_user_name, display_name, role, location_ids, practitioner_id, physician_id,
                               email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES (gen_random_uuid(), $1, upper($1), 'x', $2, {locations}, {practitioner}, {physician}, false, false, false, true, 0)
            """, userName, role));

        Assert.Equal(constraint, failure.ConstraintName);
        Assert.Equal(0L, await identity.ScalarAsync<long>("SELECT count(*) FROM users WHERE user_name = $1", userName));
    }

    [Fact]
    public async Task Seeding_again_changes_nothing_but_restores_a_demo_users_password_and_unlocks_it()
    {
        var demo = identity.DemoUser(PlatformRoles.Manager);
        await identity.ExecuteAsync("UPDATE users SET password_hash = NULL, lockout_end = 'infinity', access_failed_count = 3 WHERE user_name = $1", demo.UserName!);
        var before = await identity.ScalarAsync<long>("SELECT count(*) FROM users");
        var id = await identity.ScalarAsync<Guid>("SELECT id FROM users WHERE user_name = $1", demo.UserName!);

        await using (var scope = identity.Services.CreateAsyncScope())
        {
            await DemoUsers.SeedAsync(scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>(),
                scope.ServiceProvider.GetRequiredService<IOptions<IdentityProviderOptions>>().Value.DemoUsers);
        }

        Assert.Equal(before, await identity.ScalarAsync<long>("SELECT count(*) FROM users"));
        Assert.Equal(id, await identity.ScalarAsync<Guid>("SELECT id FROM users WHERE user_name = $1", demo.UserName!));
        Assert.NotNull((await identity.TokenForAsync(PlatformRoles.Manager)).AccessToken);
    }

    [Fact]
    public async Task Passwords_are_stored_as_hashes_and_short_ones_are_refused()
    {
        var demo = identity.DemoUser(PlatformRoles.Admin);
        var hash = await identity.ScalarAsync<string>("SELECT password_hash FROM users WHERE user_name = $1", demo.UserName!);
        Assert.DoesNotContain(demo.Password!, hash);

        await using var scope = identity.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = new PlatformUser { Id = Guid.CreateVersion7() };
        user.Apply(new UserProfile($"short-{Guid.NewGuid():N}", "Short", PlatformRoles.Admin, [], null, null));
        var result = await users.CreateAsync(user, "short-pw");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == "PasswordTooShort");
    }

    [Fact]
    public async Task Service_and_ehr_clients_are_registered_from_configuration_with_hashed_secrets()
    {
        var secret = await identity.ScalarAsync<string>("SELECT client_secret FROM oidc_applications WHERE client_id = 'scheduling'");
        Assert.NotEqual(IdentityServiceFactory.ServiceSecret, secret);
        Assert.Equal(1L, await identity.ScalarAsync<long>("SELECT count(*) FROM oidc_applications WHERE client_id = $1", IdentityServiceFactory.EhrClientId));
        Assert.Equal(1L, await identity.ScalarAsync<long>("SELECT count(*) FROM oidc_applications WHERE client_id = 'platform-web'"));
    }
}
