using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Platform.Events;

/// <summary>
/// The <c>Events</c> configuration section. Every value has a production default; tests shorten the times.
/// Subscriptions are read by <see cref="EventSubscriptions"/> from <c>Events:Subscriptions</c>.
/// </summary>
public sealed class EventsOptions
{
    public const string SectionName = "Events";

    /// <summary>The publishing service's name in envelopes; defaults to <c>OTEL_SERVICE_NAME</c>, then the application name.</summary>
    public string? Source { get; set; }

    /// <summary>Most events sent to one subscriber in one call.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Fallback poll when no notification arrives (a notification wakes the dispatcher at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Wait before the first retry; it doubles per attempt up to <see cref="MaxBackoff"/>, with ±20 % jitter.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deadline of one delivery call.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an event delivered to every subscriber stays in the outbox.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a consumer remembers an applied event id. Must exceed the longest time a publisher may
    /// redeliver an event it has no acknowledgement for; after it, a redelivery would be applied again.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often retention runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the pending-events gauge is recounted.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(10);

    internal IEnumerable<string> Problems()
    {
        if (BatchSize is < 1 or > 1000) yield return "Events:BatchSize must be between 1 and 1000.";
        foreach (var (name, value) in new[]
                 {
                     (nameof(PollInterval), PollInterval), (nameof(InitialBackoff), InitialBackoff), (nameof(MaxBackoff), MaxBackoff),
                     (nameof(DeliveryTimeout), DeliveryTimeout), (nameof(Retention), Retention), (nameof(InboxRetention), InboxRetention),
                     (nameof(RetentionInterval), RetentionInterval), (nameof(MetricsInterval), MetricsInterval),
                 })
        {
            if (value <= TimeSpan.Zero) yield return $"Events:{name} must be a positive time span such as 00:00:05.";
        }

        if (MaxBackoff < InitialBackoff) yield return "Events:MaxBackoff must not be shorter than Events:InitialBackoff.";
    }
}

/// <summary>
/// Which services receive which event: <c>Events:Subscriptions:{EventName} = service[,service...]</c>, where
/// EventName is the protobuf message name (<c>NoteSigned</c>) and a service is addressed as
/// <c>http://_grpc.{service}</c> through service discovery. An array (<c>...:NoteSigned:0 = referrals</c>) works too.
/// </summary>
public sealed partial class EventSubscriptions
{
    private readonly Dictionary<string, string[]> _byEvent;

    public EventSubscriptions(IReadOnlyDictionary<string, string[]> byEvent)
    {
        _byEvent = byEvent.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        Subscribers = _byEvent.Values.SelectMany(s => s).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every subscriber of any event, each once.</summary>
    public IReadOnlyList<string> Subscribers { get; }

    /// <summary>The subscribers of an event, by its protobuf message name; none when nobody subscribed.</summary>
    public string[] For(string eventName) => _byEvent.TryGetValue(eventName, out var subscribers) ? subscribers : [];

    public static EventSubscriptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(EventsOptions.SectionName).GetSection("Subscriptions");
        var byEvent = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var entry in section.GetChildren())
        {
            var values = entry.Value is not null ? [entry.Value] : entry.GetChildren().Select(c => c.Value ?? string.Empty);
            var subscribers = values
                .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            if (!EventName().IsMatch(entry.Key))
            {
                problems.Add($"'Events:Subscriptions:{entry.Key}': the key must be the event's protobuf message name, such as NoteSigned.");
            }

            problems.AddRange(subscribers.Where(s => !ServiceName().IsMatch(s)).Select(s =>
                $"'Events:Subscriptions:{entry.Key}': '{s}' is not a service name (lower-case letters, digits and '-', such as referrals)."));
            if (subscribers.Length > 0) byEvent[entry.Key] = subscribers;
        }

        if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        return new EventSubscriptions(byEvent);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,99}$")]
    private static partial Regex EventName();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ServiceName();
}
