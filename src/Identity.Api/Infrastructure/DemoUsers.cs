using Identity.Api.Domain;
using Microsoft.AspNetCore.Identity;

namespace Identity.Api.Infrastructure;

/// <summary>
/// One known user per role for local use, from configuration (<c>Identity:DemoUsers</c>). Idempotent: a user that
/// exists is brought back to its configured profile and password, and unlocked.
/// </summary>
public static class DemoUsers
{
    public static async Task SeedAsync(UserManager<PlatformUser> users, IReadOnlyList<DemoUser> demoUsers)
    {
        if (demoUsers.Count == 0)
        {
            throw new InvalidOperationException("Seeding demo users was asked for, but Identity:DemoUsers is empty. Configure them (the AppHost passes its demo users as Identity__DemoUsers__0__UserName, ...; see AppHost/DemoUsers.cs).");
        }

        foreach (var demo in demoUsers)
        {
            var profile = new UserProfile(demo.UserName ?? string.Empty, demo.DisplayName ?? demo.UserName ?? string.Empty,
                demo.Role ?? string.Empty, demo.LocationIds, demo.PractitionerId, demo.PhysicianId);
            var problems = profile.Problems();
            if (problems.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Demo user '{demo.UserName}' is misconfigured: {string.Join(" ", problems.Select(p => $"{p.Field}: {p.Message}"))}");
            }

            if (string.IsNullOrEmpty(demo.Password))
            {
                throw new InvalidOperationException($"Demo user '{demo.UserName}' has no Password in Identity:DemoUsers.");
            }

            var user = await users.FindByNameAsync(profile.UserName);
            if (user is null)
            {
                user = new PlatformUser { Id = Guid.CreateVersion7() };
                user.Apply(profile);
                Check(await users.CreateAsync(user, demo.Password), profile.UserName);
                continue;
            }

            user.Apply(profile);
            Check(await users.UpdateAsync(user), profile.UserName);
            if (!await users.CheckPasswordAsync(user, demo.Password))
            {
                Check(await users.RemovePasswordAsync(user), profile.UserName);
                Check(await users.AddPasswordAsync(user, demo.Password), profile.UserName);
            }

            Check(await users.SetLockoutEndDateAsync(user, null), profile.UserName);
            Check(await users.ResetAccessFailedCountAsync(user), profile.UserName);
        }
    }

    private static void Check(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user '{userName}' could not be saved: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
