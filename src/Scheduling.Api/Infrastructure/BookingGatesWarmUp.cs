using System.Globalization;
using Clients.Grpc;
using Credentials.Grpc;
using Grpc.Core;
using Platform.ServiceDefaults.Security;

namespace Scheduling.Api.Infrastructure;

/// <summary>
/// As it starts, a deployed Scheduling asks Clients and Credentials the booking gates' questions about nobody, a few
/// dozen times, until both have answered. The first bookings after a start then find the connections open and the
/// code on both sides compiled. Without it, a burst of bookings right after a start (the double-booking storm did
/// this) spent its 1.5 s deadlines waiting for cold services, every one was a 503 and the circuit breaker opened on
/// the next. Best effort: it gives up after a minute and leaves the rest to the first bookings.
/// </summary>
internal sealed partial class BookingGatesWarmUp(
    IServiceScopeFactory scopes, ServiceTokenProvider serviceToken, IConfiguration configuration, ILogger<BookingGatesWarmUp> logger)
    : BackgroundService
{
    /// <summary>Off with <c>Scheduling:WarmUpGates=false</c>; on by default where the service has credentials to call others.</summary>
    public const string Setting = "Scheduling:WarmUpGates";

    private const int Rounds = 8;
    private const int AtOnce = 4;
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue(Setting, serviceToken.IsConfigured)) return;

        var deadline = DateTime.UtcNow + GiveUpAfter;
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                // One round until both answer (they may still be starting), then enough for the JIT's hot paths.
                await RoundAsync(1, stoppingToken);
                for (var round = 0; round < Rounds; round++) await RoundAsync(AtOnce, stoppingToken);
                LogWarm(logger, attempt);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (DateTime.UtcNow > deadline)
                {
                    LogGaveUp(logger, ex.GetType().Name, attempt);
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), stoppingToken);
            }
        }
    }

    private async Task RoundAsync(int atOnce, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientDirectory.ClientDirectoryClient>();
        var credentials = scope.ServiceProvider.GetRequiredService<Eligibility.EligibilityClient>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Task.WhenAll(Enumerable.Range(0, atOnce).SelectMany(_ => new[]
        {
            AnsweredAsync(clients.GetBookingProfileAsync(
                new GetBookingProfileRequest { ClientId = Guid.NewGuid().ToString() }, cancellationToken: cancellationToken)),
            AnsweredAsync(credentials.CheckEligibilityAsync(
                new CheckEligibilityRequest { PractitionerId = Guid.NewGuid().ToString(), Jurisdiction = "US-NY", Date = today },
                cancellationToken: cancellationToken)),
        }));
    }

    /// <summary>Any answer from the service warms it, "no such client" and "no such practitioner" included.</summary>
    private static async Task AnsweredAsync<T>(AsyncUnaryCall<T> call)
    {
        try
        {
            await call;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument or StatusCode.FailedPrecondition)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking gates warm: Clients and Credentials answered (attempt {Attempt})")]
    private static partial void LogWarm(ILogger logger, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not warm the booking gates at start after {Attempts} attempts ({Error}); the first bookings will")]
    private static partial void LogGaveUp(ILogger logger, string error, int attempts);
}
