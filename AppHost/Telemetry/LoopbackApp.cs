namespace AppHost.Telemetry;

/// <summary>What the AppHost's own small web apps (the OTLP receiver, the dashboard) share.</summary>
internal static class LoopbackApp
{
    /// <summary>Stops the app, giving open requests (a browser's, an exporter's) two seconds, then disposes it.</summary>
    public static async ValueTask StopAsync(WebApplication app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await app.DisposeAsync();
    }
}
