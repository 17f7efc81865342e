using Identity.Api.Domain;
using Identity.Api.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Tests;

/// <summary>Creates a user the way the service stores them, for tests that must not disturb the demo users.</summary>
public static class UserSeeding
{
    public static async Task<PlatformUser> CreateAsync<TProgram>(ServiceFactory<TProgram> service, string userName, string password, string role,
        Guid[]? locations = null, Guid? practitionerId = null, Guid? physicianId = null) where TProgram : class
    {
        await using var scope = service.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = new PlatformUser { Id = Guid.CreateVersion7() };
        user.Apply(new UserProfile(userName, userName, role, locations ?? [], practitionerId, physicianId));
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        return user;
    }
}
