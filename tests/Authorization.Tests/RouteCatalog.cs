using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;

namespace Authorization.Tests;

/// <summary>A REST endpoint a service serves and the gateway forwards to it: method and route pattern.</summary>
public sealed record ServiceEndpoint(string Service, string Method, string Pattern, string GatewayRoute)
{
    public string Shape => RouteShape.Of(Pattern);

    public override string ToString() => $"{Method} {Pattern} ({Service}, gateway route '{GatewayRoute}')";
}

/// <summary>
/// What the running platform actually exposes: the gateway's route table as YARP loaded it (the real gateway's
/// <c>ReverseProxy:Routes</c>), and every endpoint each service host mapped that one of those routes forwards to it.
/// gRPC methods, health probes and anything no gateway route reaches are not public REST and are left out.
/// </summary>
public sealed class RouteCatalog
{
    private RouteCatalog(IReadOnlyList<RouteConfig> gatewayRoutes, IReadOnlyList<ServiceEndpoint> endpoints)
    {
        GatewayRoutes = gatewayRoutes;
        Endpoints = endpoints;
    }

    public IReadOnlyList<RouteConfig> GatewayRoutes { get; }
    public IReadOnlyList<ServiceEndpoint> Endpoints { get; }

    public static RouteCatalog Of(PlatformHosts hosts)
    {
        var routes = hosts.Gateway.Services.GetRequiredService<IProxyStateLookup>().GetRoutes().Select(r => r.Config).ToList();
        var endpoints = new List<ServiceEndpoint>();
        foreach (var (service, source) in hosts.ServiceEndpoints)
        {
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                if (endpoint.Metadata.Any(m => m.GetType().FullName == "Grpc.AspNetCore.Server.GrpcMethodMetadata")) continue;
                var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
                // The route the gateway picks for a request to this endpoint: it must be one of this service's.
                if (Forwarding(routes, SamplePath(endpoint.RoutePattern)) is not { } route || route.ClusterId != service) continue;
                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
                endpoints.AddRange(methods.Select(m => new ServiceEndpoint(service, m, pattern, route.RouteId)));
            }
        }

        return new RouteCatalog(routes, endpoints);
    }

    /// <summary>The gateway route that forwards <paramref name="path"/>: YARP's choice, by Order then by specificity.</summary>
    public static RouteConfig? Forwarding(IEnumerable<RouteConfig> routes, string path) => routes
        .Where(r => r.Match.Path is { } template && Matches(template, path))
        .OrderBy(r => r.Order ?? 0)
        .ThenBy(r => r.Match.Path!.Contains("**", StringComparison.Ordinal) ? 1 : 0)
        .FirstOrDefault();

    private static bool Matches(string template, string path) =>
        new TemplateMatcher(TemplateParser.Parse(template), new RouteValueDictionary()).TryMatch(path, new RouteValueDictionary());

    /// <summary>A concrete path for the pattern: each parameter becomes a GUID, which every parameter here accepts.</summary>
    private static string SamplePath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart => Guid.Empty.ToString(),
            RoutePatternSeparatorPart separator => separator.Content,
            _ => string.Empty,
        }))));
}
