using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.ServiceDefaults;

/// <summary>
/// Names of the platform's own activity sources and meters. Every source or meter whose name
/// starts with these prefixes is exported, so a service only has to create one.
/// </summary>
public static class PlatformTelemetry
{
    public const string ActivitySourcePrefix = "Platform.";
    public const string MeterPrefix = "Platform.";

    /// <summary>Spans around each use case (one Mediator message).</summary>
    public static readonly ActivitySource UseCases = new(ActivitySourcePrefix + "UseCases");

    public static Meter CreateMeter(string area) => new(MeterPrefix + area);
}
