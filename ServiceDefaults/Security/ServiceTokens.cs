using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// The <c>ServiceAuthentication</c> section: this service's own client credentials at the identity service.
/// </summary>
public sealed class ServiceTokenOptions
{
    public const string Section = "ServiceAuthentication";

    /// <summary>Defaults to <c>OTEL_SERVICE_NAME</c> (the service's name, as the AppHost sets it).</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Reached over service discovery.</summary>
    public Uri TokenEndpoint { get; set; } = new("http://identity/connect/token");
}

/// <summary>
/// A client-credentials access token for this service's outgoing calls, fetched once and shared until shortly
/// before it expires; concurrent callers wait for one fetch instead of each asking the identity service.
/// </summary>
public sealed class ServiceTokenProvider(IHttpClientFactory clients, IOptions<ServiceTokenOptions> options, TimeProvider clock) : IDisposable
{
    public const string HttpClientName = "platform-service-token";

    /// <summary>A token is replaced this long before it expires (or at 80 % of its life when that is sooner).</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CachedToken? _cached;

    /// <summary>Whether this service has client credentials; without them its calls carry no token.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.ClientId) && !string.IsNullOrEmpty(options.Value.ClientSecret);

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (_cached is { } fresh && clock.GetUtcNow() < fresh.RefreshAt) return fresh.Value;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } other && clock.GetUtcNow() < other.RefreshAt) return other.Value;
            _cached = await FetchAsync(cancellationToken);
            return _cached.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A callee refused this token (keys rotated, token revoked): the next call fetches a new one.</summary>
    public void Invalidate(string token)
    {
        if (_cached is { } cached && cached.Value == token) _cached = null;
    }

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var clientId = settings.ClientId;
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(settings.ClientSecret))
        {
            throw new InvalidOperationException(
                "ServiceAuthentication:ClientId and ServiceAuthentication:ClientSecret must be set for calls that carry a service token (ServiceAuthentication__ClientSecret).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = settings.ClientSecret,
                ["scope"] = ServiceCallers.InternalScope,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var started = clock.GetUtcNow();
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException
                                   && !cancellationToken.IsCancellationRequested)
        {
            throw new DependencyUnavailableException("identity", ex);
        }

        using (response)
        {
            if ((int)response.StatusCode >= 500) throw new DependencyUnavailableException("identity");
            var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
            if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(body?.AccessToken))
            {
                // A configuration error (wrong secret, unregistered client), not an outage.
                throw new InvalidOperationException(
                    $"The identity service refused client credentials for '{clientId}': {body?.Error ?? response.StatusCode.ToString()} {body?.ErrorDescription}".TrimEnd());
            }

            var lifetime = TimeSpan.FromSeconds(Math.Max(body.ExpiresIn ?? 60, 1));
            var margin = TimeSpan.FromTicks(Math.Min(RefreshMargin.Ticks, lifetime.Ticks / 5));
            return new CachedToken(body.AccessToken, started + lifetime - margin);
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] long? ExpiresIn,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? ErrorDescription);
}

/// <summary>
/// Puts this service's token on every request of the HTTP client (REST or gRPC) it is added to, when the service
/// has client credentials (<c>ServiceAuthentication:ClientSecret</c>); without them the request goes as it is.
/// </summary>
public sealed class ServiceTokenHandler(ServiceTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!tokens.IsConfigured) return await base.SendAsync(request, cancellationToken);

        var token = await tokens.GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (IsUnauthenticated(response)) tokens.Invalidate(token);
        return response;
    }

    /// <summary>401 from REST; a gRPC callee answers Unauthenticated (16) in the headers of a trailers-only response.</summary>
    private static bool IsUnauthenticated(HttpResponseMessage response) =>
        response.StatusCode == System.Net.HttpStatusCode.Unauthorized
        || (response.Headers.TryGetValues("grpc-status", out var status) && status.FirstOrDefault() == "16");
}

public static class ServiceTokenExtensions
{
    /// <summary>
    /// Outgoing calls of this client carry the service's client-credentials token when the service is configured
    /// with credentials. Every <c>AddGrpcServiceClient</c> client has it already; add it to other HTTP clients.
    /// </summary>
    public static IHttpClientBuilder AddServiceToken(this IHttpClientBuilder builder)
    {
        var services = builder.Services;
        services.AddHttpClient(ServiceTokenProvider.HttpClientName);
        services.AddOptions<ServiceTokenOptions>()
            .BindConfiguration(ServiceTokenOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ClientId ??= configuration["OTEL_SERVICE_NAME"]);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServiceTokenProvider>();
        services.TryAddTransient<ServiceTokenHandler>();
        IdentityWarmUp.Register(services);
        return builder.AddHttpMessageHandler<ServiceTokenHandler>();
    }
}

/// <summary>
/// A deployed service (one with client credentials, as the AppHost starts it) fetches its own service token and the
/// identity service's signing keys as it starts, in the background, so the first call between services after a
/// start does not pay for both inside its deadline (the first booking after a deploy would otherwise risk a 503).
/// Best effort: until the identity service answers it retries for a minute, then leaves it to the first call.
/// </summary>
internal sealed partial class IdentityWarmUp(IServiceProvider services, IConfiguration configuration, ILogger<IdentityWarmUp> logger) : BackgroundService
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(configuration[$"{ServiceTokenOptions.Section}:{nameof(ServiceTokenOptions.ClientSecret)}"])) return;

        var tokens = services.GetService<ServiceTokenProvider>();
        var keys = services.GetService<IOptionsMonitor<JwtBearerOptions>>()?.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager;
        var deadline = DateTime.UtcNow + GiveUpAfter;
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                if (tokens is { IsConfigured: true }) await tokens.GetTokenAsync(stoppingToken);
                if (keys is not null) await keys.GetConfigurationAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (DateTime.UtcNow > deadline)
                {
                    LogGaveUp(logger, ex, attempt);
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch the service token or the identity service's keys at start after {Attempts} attempts; the first call will.")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, int attempts);

    public static void Register(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, IdentityWarmUp>());
}
