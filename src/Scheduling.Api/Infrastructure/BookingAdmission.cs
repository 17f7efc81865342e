using System.Threading.RateLimiting;
using Platform.ServiceDefaults.Problems;

namespace Scheduling.Api.Infrastructure;

/// <summary>
/// How many bookings this process works on at once; the rest wait their turn, oldest first.
/// <para>
/// Every booking asks Clients and Credentials (each call with a 1.5 s deadline) before it writes. When a burst of
/// bookings all start at once (a thousand front desks pressing Book for the same slot, or a restart under load),
/// they share the cores evenly and every one of them misses its deadline: a thousand 503s and nothing booked.
/// Working on a few at a time and queueing the rest keeps each one fast, so the burst is served in order: the
/// first booking of a slot is a 201, the others a 409 naming what is busy. A queue that is full answers at once
/// (503 <c>booking_queue_full</c>, <c>Retry-After</c>) instead of letting a caller wait without end.
/// </para>
/// </summary>
public sealed class BookingAdmission : IDisposable
{
    public const string Section = "Scheduling:Booking";

    /// <summary>Bookings worked on at once. A booking mostly waits on the network, so a few per core keep the cores busy.</summary>
    public const int DefaultConcurrentBookings = 16;

    /// <summary>Bookings that may wait. At a few hundred bookings a second, the last of them waits a few seconds.</summary>
    public const int DefaultQueuedBookings = 2_000;

    private readonly ConcurrencyLimiter _limiter;

    public BookingAdmission(IConfiguration configuration)
    {
        QueuedBookings = Positive(configuration, "QueuedBookings", DefaultQueuedBookings);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Positive(configuration, "ConcurrentBookings", DefaultConcurrentBookings),
            QueueLimit = QueuedBookings,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public int QueuedBookings { get; }

    /// <summary>Bookings waiting for their turn right now.</summary>
    public long Waiting => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>
    /// Waits for this booking's turn. The lease is the turn: dispose it when the booking is answered. Throws
    /// <see cref="BookingQueueFullException"/> when the queue is full, and gives up when the caller goes away.
    /// </summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        throw new BookingQueueFullException(QueuedBookings);
    }

    public void Dispose() => _limiter.Dispose();

    private static int Positive(IConfiguration configuration, string key, int fallback)
    {
        var value = configuration.GetValue($"{Section}:{key}", fallback);
        return value > 0
            ? value
            : throw new InvalidOperationException($"{Section}:{key} is {value}; it must be a positive number (default {fallback}).");
    }
}

/// <summary>503: more bookings are waiting than the queue holds. Nothing was booked; send the booking again shortly.</summary>
public sealed class BookingQueueFullException(int queued)
    : ProblemException($"{queued} bookings are already waiting their turn; nothing was booked. Send the booking again in a second.")
{
    public override int StatusCode => 503;
    public override string Title => "Too many bookings at once";
    public override string Code => "booking_queue_full";
}

/// <summary>The booking endpoints take their turn (<see cref="BookingAdmission"/>) before they run.</summary>
public static class BookingAdmissionEndpoints
{
    public static RouteHandlerBuilder TakesBookingTurn(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var admission = context.HttpContext.RequestServices.GetRequiredService<BookingAdmission>();
            using var turn = await admission.EnterAsync(context.HttpContext.RequestAborted);
            return await next(context);
        });
}
