using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// Access tokens this process has already checked, so the next request with the same token skips the signature check.
/// A front desk or a calling service sends the same token for many requests, and the RSA check was the largest single
/// cost of a request at the gateway (a fifth of its CPU). Only a token whose exact text passed the full check is
/// remembered, so a changed byte is checked again; it is forgotten when it expires or after <see cref="MaxAge"/>, so a
/// signing key the identity service withdraws stops being honoured within that time.
/// </summary>
public sealed class CheckedTokens(TimeProvider clock, int capacity = CheckedTokens.DefaultCapacity)
{
    public const int DefaultCapacity = 20_000;

    /// <summary>How long a checked token is trusted without a new check, at most.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The claims of <paramref name="token"/> when it passed the check recently and has not expired since.</summary>
    public bool TryRecall(string token, out ClaimsIdentity identity, out SecurityToken securityToken)
    {
        if (_entries.TryGetValue(token, out var entry))
        {
            if (clock.GetUtcNow() < entry.TrustedUntil)
            {
                // A copy: the authentication pipeline may add claims to the identity it is given.
                identity = entry.Identity.Clone();
                securityToken = entry.SecurityToken;
                return true;
            }

            Forget(token, entry);
        }

        identity = null!;
        securityToken = null!;
        return false;
    }

    /// <summary>Remembers a token that passed the full check. Expired and invalid results are not kept.</summary>
    public void Remember(string token, TokenValidationResult result)
    {
        if (!result.IsValid || result.ClaimsIdentity is null || result.SecurityToken is null) return;

        var now = clock.GetUtcNow();
        var expires = new DateTimeOffset(DateTime.SpecifyKind(result.SecurityToken.ValidTo, DateTimeKind.Utc));
        var trustedUntil = expires < now + MaxAge ? expires : now + MaxAge;
        if (trustedUntil <= now) return;

        if (Count >= capacity)
        {
            ForgetExpired(now);
            if (Count >= capacity) return; // Full of live tokens: check the rest every time rather than grow.
        }

        var entry = new Entry(result.ClaimsIdentity.Clone(), result.SecurityToken, trustedUntil);
        if (_entries.TryAdd(token, entry)) Interlocked.Increment(ref _count);
    }

    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (token, entry) in _entries)
        {
            if (entry.TrustedUntil <= now) Forget(token, entry);
        }
    }

    private void Forget(string token, Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<string, Entry>(token, entry))) Interlocked.Decrement(ref _count);
    }

    private sealed record Entry(ClaimsIdentity Identity, SecurityToken SecurityToken, DateTimeOffset TrustedUntil);
}

/// <summary>The platform's token handler: the standard JWT check, skipped for a token that passed it moments ago.</summary>
public sealed class RememberingTokenHandler(CheckedTokens checkedTokens) : JsonWebTokenHandler
{
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (checkedTokens.TryRecall(token, out var identity, out var securityToken))
        {
            return new TokenValidationResult { IsValid = true, ClaimsIdentity = identity, SecurityToken = securityToken };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        checkedTokens.Remember(token, result);
        return result;
    }
}
