namespace Platform.Events;

/// <summary>
/// Exponential backoff: the initial delay doubles per failed attempt up to the cap, then ±20 % jitter so
/// replicas and events that failed together do not retry in lockstep.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max, Func<double>? random = null)
{
    public const double Jitter = 0.2;

    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <param name="failures">How many attempts have failed so far (1 after the first failure).</param>
    public TimeSpan After(int failures)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var delay = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        var jitter = 1 + Jitter * (2 * _random() - 1);
        return TimeSpan.FromMilliseconds(delay * jitter);
    }
}
