using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Security;

namespace ServiceDefaults.Tests;

/// <summary>
/// A token that passed the full check is trusted again without one, but only that exact token, only until it expires
/// or <see cref="CheckedTokens.MaxAge"/> passes, and never one that failed.
/// </summary>
public sealed class CheckedTokensTests
{
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("a signing key for the checked-tokens tests, 256 bits+"));

    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = "https://identity.test/",
        ValidAudience = "platform-api",
        IssuerSigningKey = Key,
        ClockSkew = TimeSpan.Zero,
    };

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private static string Token(TimeSpan lifetime, string subject = "therapist-1") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Parameters.ValidIssuer,
        Audience = Parameters.ValidAudience,
        Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", "therapist")]),
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        IssuedAt = DateTime.UtcNow.AddMinutes(-1),
        Expires = DateTime.UtcNow + lifetime,
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
    });

    private static async Task<TokenValidationResult> CheckAsync(string token) =>
        await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, Parameters);

    [Fact]
    public async Task A_checked_token_is_recalled_with_its_claims()
    {
        var tokens = new CheckedTokens(_clock);
        var token = Token(TimeSpan.FromHours(1));
        tokens.Remember(token, await CheckAsync(token));

        Assert.True(tokens.TryRecall(token, out var identity, out var securityToken));
        Assert.Equal("therapist-1", identity.FindFirst("sub")?.Value);
        Assert.Equal("therapist", identity.FindFirst("role")?.Value);
        Assert.IsType<JsonWebToken>(securityToken);
    }

    [Fact]
    public async Task Each_recall_gets_its_own_copy_of_the_claims()
    {
        var tokens = new CheckedTokens(_clock);
        var token = Token(TimeSpan.FromHours(1));
        tokens.Remember(token, await CheckAsync(token));

        Assert.True(tokens.TryRecall(token, out var first, out _));
        first.AddClaim(new Claim("role", "hq-auditor"));

        Assert.True(tokens.TryRecall(token, out var second, out _));
        Assert.DoesNotContain(second.FindAll("role"), c => c.Value == "hq-auditor");
    }

    [Fact]
    public async Task A_token_is_not_recalled_once_it_has_expired()
    {
        var tokens = new CheckedTokens(_clock);
        var token = Token(TimeSpan.FromSeconds(90));
        tokens.Remember(token, await CheckAsync(token));
        Assert.True(tokens.TryRecall(token, out _, out _));

        _clock.Advance(TimeSpan.FromSeconds(91));

        Assert.False(tokens.TryRecall(token, out _, out _));
        Assert.Equal(0, tokens.Count);
    }

    [Fact]
    public async Task A_long_lived_token_is_checked_again_after_the_maximum_age()
    {
        var tokens = new CheckedTokens(_clock);
        var token = Token(TimeSpan.FromHours(1));
        tokens.Remember(token, await CheckAsync(token));

        _clock.Advance(CheckedTokens.MaxAge - TimeSpan.FromSeconds(1));
        Assert.True(tokens.TryRecall(token, out _, out _));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(tokens.TryRecall(token, out _, out _));
    }

    [Fact]
    public async Task A_token_that_failed_the_check_is_not_remembered()
    {
        var tokens = new CheckedTokens(_clock);
        var token = Token(TimeSpan.FromHours(1));
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");
        var result = await CheckAsync(tampered);
        Assert.False(result.IsValid);

        tokens.Remember(tampered, result);

        Assert.False(tokens.TryRecall(tampered, out _, out _));
        Assert.Equal(0, tokens.Count);
    }

    [Fact]
    public async Task The_handler_checks_a_changed_token_in_full_even_after_the_original_passed()
    {
        var handler = new RememberingTokenHandler(new CheckedTokens(_clock)) { MapInboundClaims = false };
        var token = Token(TimeSpan.FromHours(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters)).IsValid);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters)).IsValid);

        var otherSignature = token[..token.LastIndexOf('.')] + ".c2lnbmVkIGJ5IHNvbWVvbmUgZWxzZQ";
        var forged = await handler.ValidateTokenAsync(otherSignature, Parameters);

        Assert.False(forged.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(forged.Exception);
    }

    [Fact]
    public async Task A_full_store_keeps_no_more_live_tokens_but_makes_room_when_old_ones_expire()
    {
        var tokens = new CheckedTokens(_clock, capacity: 2);
        var shortLived = Token(TimeSpan.FromSeconds(30), "a");
        var longLived = Token(TimeSpan.FromHours(1), "b");
        var third = Token(TimeSpan.FromHours(1), "c");
        tokens.Remember(shortLived, await CheckAsync(shortLived));
        tokens.Remember(longLived, await CheckAsync(longLived));

        tokens.Remember(third, await CheckAsync(third));
        Assert.False(tokens.TryRecall(third, out _, out _));
        Assert.Equal(2, tokens.Count);

        _clock.Advance(TimeSpan.FromSeconds(31));
        tokens.Remember(third, await CheckAsync(third));
        Assert.True(tokens.TryRecall(third, out _, out _));
        Assert.True(tokens.TryRecall(longLived, out _, out _));
        Assert.Equal(2, tokens.Count);
    }
}
