namespace AppHost.Hosting;

/// <summary>A .NET project run as its own process with the platform's environment contract.</summary>
public sealed class ProjectResource : Resource, IResourceWithEndpoints
{
    private readonly List<Endpoint> _endpoints = [];

    public ProjectResource(string name, string projectPath, string configuration) : base(name)
    {
        ProjectPath = projectPath;
        ProjectDirectory = Path.GetDirectoryName(projectPath)!;
        AssemblyPath = Path.Combine(ProjectDirectory, "bin", configuration, "net10.0", Path.GetFileNameWithoutExtension(projectPath) + ".dll");
    }

    public string ProjectPath { get; }
    public string ProjectDirectory { get; }
    public string AssemblyPath { get; }

    public IReadOnlyList<Endpoint> Endpoints => _endpoints;

    public Endpoint HttpEndpoint => _endpoints.First(e => e.Name == "http");

    /// <summary>The process, once started; the dashboard and the shutdown path read it.</summary>
    public ResourceProcess? Process { get; internal set; }

    /// <summary>How many times it was started again after a stop or a crash.</summary>
    public int RestartCount { get; internal set; }

    /// <summary>One stop or start at a time.</summary>
    internal AsyncLock Lifecycle { get; } = new();

    internal void AddEndpoint(Endpoint endpoint) => _endpoints.Add(endpoint);

    /// <summary>How Kestrel learns its addresses: one endpoint goes in <c>ASPNETCORE_URLS</c>; a REST and a gRPC endpoint become named Kestrel endpoints.</summary>
    internal IEnumerable<KeyValuePair<string, string>> ListeningEnvironment()
    {
        if (_endpoints.Count == 1)
        {
            yield return new("ASPNETCORE_URLS", _endpoints[0].Url);
            yield break;
        }

        foreach (var endpoint in _endpoints)
        {
            yield return new($"Kestrel__Endpoints__{endpoint.Name}__Url", endpoint.Url);
            yield return new($"Kestrel__Endpoints__{endpoint.Name}__Protocols", endpoint.Protocols);
        }
    }

    public override string Describe() =>
        string.Join("  ", _endpoints.Select(e => e.Name == "http" ? e.Url : $"{e.Name} {e.Url}"));
}

/// <summary>A lock that can be held across awaits.</summary>
internal sealed class AsyncLock
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async Task<IDisposable> LockAsync()
    {
        await _semaphore.WaitAsync();
        return new Releaser(_semaphore);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
