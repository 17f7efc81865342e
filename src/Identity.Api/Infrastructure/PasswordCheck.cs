using Identity.Api.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Identity.Api.Infrastructure;

/// <summary>The outcome of checking a user name and password: the user, or why they may not sign in.</summary>
public sealed record PasswordCheckResult(PlatformUser? User, string? Refusal, bool LockedOut = false)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// One password check for the sign-in page and the password grant alike, so both count failures toward the
/// same lockout. An unknown user name costs the same hashing work as a wrong password and gets the same
/// answer, so neither timing nor wording tells which user names exist.
/// </summary>
public sealed class PasswordCheck(UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, IOptions<IdentityProviderOptions> options)
{
    public const int MaxPasswordLength = 256;
    public const string WrongCredentials = "The user name or password is wrong.";

    public async Task<PasswordCheckResult> CheckAsync(string? userName, string? password)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
            return new(null, "Give both a user name and a password.");
        if (userName.Length > UserProfile.MaxUserNameLength || password.Length > MaxPasswordLength)
            return new(null, WrongCredentials);

        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            users.PasswordHasher.HashPassword(new PlatformUser(), password);
            return new(null, WrongCredentials);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            var minutes = Math.Ceiling(options.Value.Lockout.Duration.TotalMinutes);
            return new(null, $"Too many failed sign-ins: this account is locked for up to {minutes} minutes. Try again later, or ask an administrator to unlock it.", LockedOut: true);
        }

        if (result.IsNotAllowed) return new(null, "This account may not sign in. Ask an administrator.");
        return result.Succeeded ? new(user, null) : new(null, WrongCredentials);
    }

    /// <summary>Whether a user who signed in earlier (a session cookie, a refresh token) may still get tokens.</summary>
    public async Task<bool> StillAllowedAsync(PlatformUser user) =>
        await signIn.CanSignInAsync(user) && !await users.IsLockedOutAsync(user);
}
