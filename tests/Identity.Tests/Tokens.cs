using Microsoft.IdentityModel.JsonWebTokens;

namespace Identity.Tests;

/// <summary>Reads a JWT's claims without validating it (tests that validate go through the gateway).</summary>
public static class Tokens
{
    public static JsonWebToken Read(string? token)
    {
        Assert.False(string.IsNullOrEmpty(token), "a token was expected");
        return new JsonWebToken(token);
    }

    public static IReadOnlyList<string> Values(this JsonWebToken token, string type) =>
        token.Claims.Where(c => c.Type == type).Select(c => c.Value).ToList();

    public static string? Value(this JsonWebToken token, string type) => token.Claims.FirstOrDefault(c => c.Type == type)?.Value;
}
