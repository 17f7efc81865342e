namespace Platform.Events;

/// <summary>
/// Wakes a waiting loop. A <see cref="Set"/> that arrives while nobody waits is remembered, so the next
/// wait returns at once: a notification during a dispatch is never lost.
/// </summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource _signal = NewSignal();

    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Waits for a signal or the timeout, whichever comes first, and consumes the signal.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref _signal);
        if (!signal.Task.IsCompleted && timeout > TimeSpan.Zero)
        {
            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(signal.Task, Task.Delay(timeout, stopDelay.Token));
            await stopDelay.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (signal.Task.IsCompleted) Interlocked.CompareExchange(ref _signal, NewSignal(), signal);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal static class Loop
{
    /// <summary>Waits; false when the service is stopping.</summary>
    public static async Task<bool> PauseAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
