namespace AppHost.Hosting;

/// <summary>A project the AppHost can run; generated per referenced project under <c>Projects.*</c>.</summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }
}

public enum ResourceState
{
    Pending,
    Starting,
    Running,
    Healthy,
    Stopping,
    Stopped,
    Exited,
    FailedToStart,
}

public interface IResource
{
    string Name { get; }
}

/// <summary>Something that hands its dependents a connection string (<c>ConnectionStrings__{name}</c>).</summary>
public interface IResourceWithConnectionString : IResource
{
    string ConnectionString { get; }
}

/// <summary>Something dependents find by name (<c>services__{name}__{endpoint}__0</c>).</summary>
public interface IResourceWithEndpoints : IResource
{
    IReadOnlyList<Endpoint> Endpoints { get; }
}

/// <summary>A named listening address of a resource; <c>grpc</c> endpoints speak HTTP/2 only.</summary>
public sealed record Endpoint(string Name, string Scheme, string Host, int Port, string Protocols)
{
    public string Url => $"{Scheme}://{Host}:{Port}";
}

public abstract class Resource(string name) : IResource
{
    private readonly List<Resource> _waitFor = [];
    private readonly Dictionary<string, Func<string>> _environment = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public ResourceState State { get; internal set; } = ResourceState.Pending;

    /// <summary>What the resource wrote to its console, kept across restarts.</summary>
    public ConsoleLog Output { get; } = new(name);

    /// <summary>Resources that must be healthy before this one starts.</summary>
    public IReadOnlyList<Resource> WaitsFor => _waitFor;

    internal void AddWaitFor(Resource other)
    {
        if (!_waitFor.Contains(other)) _waitFor.Add(other);
    }

    internal void SetEnvironment(string key, Func<string> value) => _environment[key] = value;

    internal IReadOnlyDictionary<string, string> ResolveEnvironment() =>
        _environment.ToDictionary(kv => kv.Key, kv => kv.Value(), StringComparer.Ordinal);

    /// <summary>What the resource table shows as this resource's address.</summary>
    public abstract string Describe();
}

/// <summary>Fluent configuration of one resource, in the shape of Aspire's <c>IResourceBuilder&lt;T&gt;</c>.</summary>
public sealed class ResourceBuilder<T>(DistributedApplicationBuilder application, T resource) where T : Resource
{
    public T Resource { get; } = resource;
    public DistributedApplicationBuilder ApplicationBuilder { get; } = application;

    /// <summary>Injects the connection string as <c>ConnectionStrings__{name}</c>.</summary>
    public ResourceBuilder<T> WithReference<TOther>(ResourceBuilder<TOther> source)
        where TOther : Resource, IResourceWithConnectionString
    {
        var other = source.Resource;
        Resource.SetEnvironment($"ConnectionStrings__{other.Name}", () => other.ConnectionString);
        return this;
    }

    /// <summary>Injects every endpoint of a service as <c>services__{name}__{endpoint}__0</c> for service discovery.</summary>
    public ResourceBuilder<T> WithServiceReference(ResourceBuilder<ProjectResource> source)
    {
        var other = source.Resource;
        foreach (var endpoint in other.Endpoints)
        {
            Resource.SetEnvironment($"services__{other.Name}__{endpoint.Name}__0", () => endpoint.Url);
        }

        return this;
    }

    /// <summary>
    /// Points the gateway's YARP cluster named after the service at the service: at its HTTP/2 endpoint (cleartext,
    /// prior knowledge) when it has one, else at its REST endpoint over HTTP/1.1. Over HTTP/2 the gateway multiplexes
    /// its requests to a service on one connection, so under load one socket read or write carries several of them:
    /// fewer wake-ups per request, and 17-20 % more requests per second through the gateway (bench/README.md).
    /// </summary>
    public ResourceBuilder<T> WithProxyDestination(ResourceBuilder<ProjectResource> source)
    {
        var other = source.Resource;
        var cluster = $"ReverseProxy__Clusters__{other.Name}";
        var http2 = other.Endpoints.FirstOrDefault(e => e.Protocols == "Http2");
        var destination = http2 ?? other.HttpEndpoint;
        Resource.SetEnvironment($"{cluster}__Destinations__d1__Address", () => destination.Url);
        Resource.SetEnvironment($"{cluster}__HttpRequest__Version", () => http2 is null ? "1.1" : "2");
        Resource.SetEnvironment($"{cluster}__HttpRequest__VersionPolicy", () => "RequestVersionExact");
        return this;
    }

    public ResourceBuilder<T> WithEnvironment(string key, string value)
    {
        Resource.SetEnvironment(key, () => value);
        return this;
    }

    public ResourceBuilder<T> WithEnvironment(string key, Func<string> value)
    {
        Resource.SetEnvironment(key, value);
        return this;
    }

    /// <summary>Starts this resource only once <paramref name="dependency"/> is healthy.</summary>
    public ResourceBuilder<T> WaitFor<TOther>(ResourceBuilder<TOther> dependency) where TOther : Resource
    {
        Resource.AddWaitFor(dependency.Resource);
        return this;
    }
}
