namespace Identity.Api.Infrastructure;

/// <summary>The <c>Identity</c> configuration section.</summary>
public sealed class IdentityProviderOptions
{
    public const string Section = "Identity";

    /// <summary>
    /// The URL clients see (the gateway's, e.g. <c>https://clinic.example/</c>): every token's <c>iss</c> and the
    /// discovery document's <c>issuer</c>. Required. Endpoint URLs in the discovery document follow the address
    /// the caller used instead (the gateway forwards its host), so services that read the document over service
    /// discovery (<c>http://identity</c>) fetch the signing keys from the identity service directly.
    /// </summary>
    public Uri? Issuer { get; set; }

    public TokenLifetimes Tokens { get; set; } = new();

    /// <summary>PKCS#12 files with the real signing and encryption keys; required outside Development and tests.</summary>
    public CertificateFile? SigningCertificate { get; set; }
    public CertificateFile? EncryptionCertificate { get; set; }

    public ClientOptions Clients { get; set; } = new();

    /// <summary><c>demo</c> creates the <see cref="DemoUsers"/> at startup (Development only); anything else creates none.</summary>
    public string? Seed { get; set; }

    public List<DemoUser> DemoUsers { get; set; } = [];

    public LockoutOptions Lockout { get; set; } = new();
}

public sealed class TokenLifetimes
{
    /// <summary>Short: a token cannot be revoked, only left to expire.</summary>
    public TimeSpan AccessToken { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan IdentityToken { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan AuthorizationCode { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>About a working shift: staff sign in once a day.</summary>
    public TimeSpan RefreshToken { get; set; } = TimeSpan.FromHours(12);
}

public sealed class CertificateFile
{
    public string? Path { get; set; }
    public string? Password { get; set; }
}

public sealed class LockoutOptions
{
    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class ClientOptions
{
    /// <summary>The browser application (public client, authorization code + PKCE, refresh tokens).</summary>
    public WebClient Web { get; set; } = new();

    /// <summary>Platform services by name (<c>scheduling</c>, <c>referrals</c>, ...): client credentials with this secret.</summary>
    public Dictionary<string, ServiceClient> Services { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Physician practices' EHR systems by client id: client credentials, bound to one physician.</summary>
    public Dictionary<string, EhrClient> Ehr { get; set; } = new(StringComparer.Ordinal);
}

public sealed class WebClient
{
    public List<Uri> RedirectUris { get; set; } = [];
    public List<Uri> PostLogoutRedirectUris { get; set; } = [];
}

public sealed class ServiceClient
{
    public string? Secret { get; set; }
}

public sealed class EhrClient
{
    public string? Secret { get; set; }
    public string? DisplayName { get; set; }
    public Guid? PhysicianId { get; set; }
}

public sealed class DemoUser
{
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public string? Role { get; set; }
    public string? Password { get; set; }
    public List<Guid> LocationIds { get; set; } = [];
    public Guid? PractitionerId { get; set; }
    public Guid? PhysicianId { get; set; }
}
