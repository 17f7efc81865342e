using AppHost.Hosting;

namespace AppHost.Dashboard;

/// <summary>
/// The readiness of each running project, asked of its <c>/health</c> when the resources page is drawn
/// (at most every two seconds, all at once, a second each), so nothing is probed while nobody looks.
/// </summary>
internal sealed class HealthProbe
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(1) };
    private readonly Lock _lock = new();
    private Dictionary<string, string> _last = [];
    private DateTime _lastAt = DateTime.MinValue;

    public async Task<IReadOnlyDictionary<string, string>> CheckAsync(IEnumerable<ProjectResource> projects, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (DateTime.UtcNow - _lastAt < CacheFor) return _last;
        }

        var results = await Task.WhenAll(projects.Select(async p => (p.Name, Health: await CheckAsync(p, cancellationToken))));
        var health = results.ToDictionary(r => r.Name, r => r.Health);
        lock (_lock)
        {
            _last = health;
            _lastAt = DateTime.UtcNow;
        }

        return health;
    }

    private async Task<string> CheckAsync(ProjectResource project, CancellationToken cancellationToken)
    {
        if (project.Process is not { HasExited: false }) return "down";
        try
        {
            using var response = await _http.GetAsync(project.HttpEndpoint.Url + "/health", cancellationToken);
            return response.IsSuccessStatusCode ? "healthy" : "unhealthy";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return "unhealthy";
        }
    }
}
