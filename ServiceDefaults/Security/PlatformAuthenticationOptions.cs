namespace Platform.ServiceDefaults.Security;

/// <summary>
/// The <c>Authentication</c> configuration section: how a service (or the gateway) validates access tokens.
/// <para>
/// Issuer and metadata address are separate on purpose. Tokens carry the issuer clients see, the gateway's
/// public URL (<c>Identity:Issuer</c> in the identity service). Services fetch the discovery document and the
/// signing keys from the identity service directly, over service discovery (<see cref="Authority"/>, by
/// default <c>http://identity</c>), never through the public URL; the discovery document names its endpoints
/// after the address it was fetched from, so the keys come from the same place. The issuer every token must
/// carry is the one the discovery document declares, unless <see cref="Issuer"/> pins it.
/// </para>
/// </summary>
public sealed class PlatformAuthenticationOptions
{
    public const string Section = "Authentication";

    /// <summary>The only audience the platform's services accept.</summary>
    public const string PlatformAudience = "platform-api";

    /// <summary>Tolerated clock difference between the identity service and this one.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Base address of the identity service as this service reaches it (service discovery name).</summary>
    public Uri Authority { get; set; } = new("http://identity");

    /// <summary>Overrides <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public Uri? MetadataAddress { get; set; }

    /// <summary>Pins the issuer tokens must carry; by default the discovery document's <c>issuer</c>.</summary>
    public string? Issuer { get; set; }

    public string Audience { get; set; } = PlatformAudience;

    /// <summary>Refuse metadata over plain HTTP; by default on everywhere but Development.</summary>
    public bool? RequireHttpsMetadata { get; set; }

    public Uri ResolveMetadataAddress() => MetadataAddress ?? new Uri(Authority, ".well-known/openid-configuration");
}
