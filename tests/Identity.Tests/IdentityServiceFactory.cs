using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Identity.Api.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Identity.Tests;

/// <summary>
/// The identity service on a fresh database, in Development (so the password grant exists) with one demo user per
/// role seeded from configuration (as the AppHost passes its own), and a service client and an EHR client.
/// </summary>
public class IdentityServiceFactory : ServiceFactory<Program>
{
    public const string Issuer = "https://clinic.test/";
    public const string ServiceSecret = "scheduling-test-secret-0123456789";
    public const string EhrClientId = "ehr-test";
    public const string EhrSecret = "ehr-test-secret-0123456789";
    public static readonly Guid EhrPhysicianId = Guid.Parse("0193c000-0000-7000-8000-00000000e4e1");

    private readonly string _environment;

    public IdentityServiceFactory() : this("Development")
    {
    }

    protected IdentityServiceFactory(string environment) : base("identitydb")
    {
        _environment = environment;
        WithSetting("Identity:Issuer", Issuer);
        WithSetting("Identity:Clients:Services:scheduling:Secret", ServiceSecret);
        WithSetting($"Identity:Clients:Ehr:{EhrClientId}:Secret", EhrSecret);
        WithSetting($"Identity:Clients:Ehr:{EhrClientId}:DisplayName", "Test practice EHR");
        WithSetting($"Identity:Clients:Ehr:{EhrClientId}:PhysicianId", EhrPhysicianId.ToString());
        if (environment == "Development")
        {
            WithSetting("Identity:Seed", "demo");
            for (var i = 0; i < TestDemoUsers.Length; i++)
            {
                var (user, prefix) = (TestDemoUsers[i], $"Identity:DemoUsers:{i}:");
                WithSetting(prefix + "UserName", user.UserName).WithSetting(prefix + "DisplayName", user.DisplayName)
                    .WithSetting(prefix + "Role", user.Role).WithSetting(prefix + "Password", user.Password);
                if (user.PractitionerId is { } practitioner) WithSetting(prefix + "PractitionerId", practitioner.ToString());
                if (user.PhysicianId is { } physician) WithSetting(prefix + "PhysicianId", physician.ToString());
                for (var l = 0; l < user.LocationIds.Count; l++) WithSetting($"{prefix}LocationIds:{l}", user.LocationIds[l].ToString());
            }
        }
    }

    private static readonly Guid LocationA = Guid.Parse("0193a000-0000-7000-8000-0000000000a1");
    private static readonly Guid LocationB = Guid.Parse("0193a000-0000-7000-8000-0000000000b2");

    private static readonly DemoUser[] TestDemoUsers =
    [
        new() { UserName = "demo-frontdesk", DisplayName = "Demo Front Desk", Role = "frontdesk", Password = "demo-frontdesk-pass", LocationIds = [LocationA] },
        new() { UserName = "demo-therapist", DisplayName = "Demo Therapist", Role = "therapist", Password = "demo-therapist-pass", LocationIds = [LocationA],
            PractitionerId = Guid.Parse("0193b000-0000-7000-8000-0000000000a1") },
        new() { UserName = "demo-manager", DisplayName = "Demo Manager", Role = "manager", Password = "demo-manager-pass", LocationIds = [LocationA, LocationB] },
        new() { UserName = "demo-physician", DisplayName = "Demo Physician", Role = "physician", Password = "demo-physician-pass",
            PhysicianId = Guid.Parse("0193c000-0000-7000-8000-0000000000a1") },
        new() { UserName = "demo-hq-auditor", DisplayName = "Demo HQ Auditor", Role = "hq-auditor", Password = "demo-hq-auditor-pass" },
        new() { UserName = "demo-admin", DisplayName = "Demo Administrator", Role = "admin", Password = "demo-admin-pass" },
    ];

    protected override void ConfigureService(IWebHostBuilder builder) => builder.UseEnvironment(_environment);

    public IReadOnlyList<DemoUser> DemoUsers => GetService<IOptions<IdentityProviderOptions>>().Value.DemoUsers;

    public DemoUser DemoUser(string role) => DemoUsers.Single(u => u.Role == role);

    /// <summary>POSTs a token request; the raw response, for tests of refusals.</summary>
    public async Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, IDictionary<string, string> form) =>
        await client.PostAsync("/connect/token", new FormUrlEncodedContent(form));

    /// <summary>The password grant for <c>platform-cli</c> (Development only).</summary>
    public static Dictionary<string, string> PasswordGrant(string userName, string password, string scope = "openid profile roles offline_access") => new()
    {
        ["grant_type"] = "password",
        ["client_id"] = ClientCatalog.CliClientId,
        ["username"] = userName,
        ["password"] = password,
        ["scope"] = scope,
    };

    public static Dictionary<string, string> ClientCredentials(string clientId, string secret) => new()
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId,
        ["client_secret"] = secret,
    };

    public async Task<TokenResponse> TokenForAsync(string role)
    {
        var demo = DemoUser(role);
        using var client = CreateApiClient();
        using var response = await RequestTokenAsync(client, PasswordGrant(demo.UserName!, demo.Password!));
        return await TokenResponse.ReadAsync(response);
    }
}

/// <summary>
/// The identity service in Production: real keys from PKCS#12 files (made here), no password grant, no
/// <c>platform-cli</c> client, no demo users.
/// </summary>
public sealed class ProductionIdentityFactory : IdentityServiceFactory
{
    public ProductionIdentityFactory() : base("Production")
    {
        WithSetting("Identity:SigningCertificate:Path", TestKeys.Signing.Path);
        WithSetting("Identity:SigningCertificate:Password", TestKeys.Password);
        WithSetting("Identity:EncryptionCertificate:Path", TestKeys.Encryption.Path);
        WithSetting("Identity:EncryptionCertificate:Password", TestKeys.Password);
    }

    public X509Certificate2 SigningCertificate => TestKeys.Signing.Certificate;

    /// <summary>Self-signed PKCS#12 files, made once per test run and deleted when it ends.</summary>
    private static class TestKeys
    {
        public const string Password = "test-key-password";
        private static readonly string Directory = System.IO.Directory.CreateTempSubdirectory("identity-keys-").FullName;

        static TestKeys() => AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(Directory, recursive: true);

        public static readonly (string Path, X509Certificate2 Certificate) Signing = Write("signing", X509KeyUsageFlags.DigitalSignature);
        public static readonly (string Path, X509Certificate2 Certificate) Encryption = Write("encryption", X509KeyUsageFlags.KeyEncipherment);

        private static (string, X509Certificate2) Write(string name, X509KeyUsageFlags usage)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest($"CN=platform identity {name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
            var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            var path = System.IO.Path.Combine(Directory, $"{name}.pfx");
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
            return (path, certificate);
        }
    }
}

public sealed record TokenResponse(string? AccessToken, string? IdToken, string? RefreshToken, long? ExpiresIn, string? Error, string? ErrorDescription)
{
    public static async Task<TokenResponse> ReadAsync(HttpResponseMessage response)
    {
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        string? S(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        long? L(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
        return new(S("access_token"), S("id_token"), S("refresh_token"), L("expires_in"), S("error"), S("error_description"));
    }
}
