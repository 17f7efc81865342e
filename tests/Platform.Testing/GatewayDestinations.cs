namespace Platform.Testing;

/// <summary>
/// The settings the AppHost gives the gateway for one cluster (<c>WithProxyDestination</c>): a service's HTTP/2
/// endpoint, forwarded to over HTTP/2; identity, which has one endpoint, over HTTP/1.1.
/// </summary>
public static class GatewayDestinations
{
    public static IEnumerable<KeyValuePair<string, string>> Settings(string cluster, string address) =>
    [
        new($"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address", address),
        new($"ReverseProxy:Clusters:{cluster}:HttpRequest:Version", cluster == "identity" ? "1.1" : "2"),
        new($"ReverseProxy:Clusters:{cluster}:HttpRequest:VersionPolicy", "RequestVersionExact"),
    ];
}
