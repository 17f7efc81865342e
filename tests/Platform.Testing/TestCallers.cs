using System.Net;
using Xunit;
using R = Platform.ServiceDefaults.Security.Roles;

namespace Platform.Testing;

/// <summary>
/// The callers of an authorization matrix: one per role (staff at <see cref="HomeLocation"/>), anonymous, and a
/// token with no platform role. Theories take the caller's <see cref="Name"/> (serializable) and look it up.
/// </summary>
public sealed record TestCaller(string Name, string[]? Roles, Guid[]? Locations = null, Guid? PhysicianId = null)
{
    /// <summary>Where the staff callers work.</summary>
    public static readonly Guid HomeLocation = Guid.Parse("0193a000-0000-7000-8000-00000000a001");

    /// <summary>A location none of the callers works at.</summary>
    public static readonly Guid OtherLocation = Guid.Parse("0193a000-0000-7000-8000-00000000a002");

    /// <summary>The physician the physician caller is.</summary>
    public static readonly Guid OwnPhysician = Guid.Parse("0193a000-0000-7000-8000-00000000b001");

    public const string AnonymousName = "anonymous";

    public static readonly IReadOnlyList<TestCaller> All =
    [
        new(R.FrontDesk, [R.FrontDesk], [HomeLocation]),
        new(R.Therapist, [R.Therapist], [HomeLocation]),
        new(R.Manager, [R.Manager], [HomeLocation]),
        new(R.Physician, [R.Physician], PhysicianId: OwnPhysician),
        new(R.HqAuditor, [R.HqAuditor]),
        new(R.Admin, [R.Admin]),
        new(AnonymousName, null),
        new("no-role", []),
    ];

    public static TestCaller Named(string name) => All.Single(c => c.Name == name);

    /// <summary>Every caller's name, for <c>[MemberData]</c> cross products.</summary>
    public static IEnumerable<string> Names => All.Select(c => c.Name);

    /// <summary>A service's authorization matrix: every route name × every caller.</summary>
    public static TheoryData<string, string> Matrix(IEnumerable<string> routes)
    {
        var data = new TheoryData<string, string>();
        foreach (var route in routes)
        foreach (var caller in Names)
            data.Add(route, caller);
        return data;
    }

    /// <summary>
    /// Every route name × every caller × the row's owner being the caller's own (false) or someone else's (true: another
    /// location, another physician).
    /// </summary>
    public static TheoryData<string, string, bool> MatrixWithOwner(IEnumerable<string> routes)
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var route in routes)
        foreach (var caller in Names)
        foreach (var another in (bool[])[false, true])
            data.Add(route, caller, another);
        return data;
    }

    public HttpClient Apply(HttpClient client) =>
        Roles is null ? client.AsAnonymous() : client.AsUser($"{Name}-caller", Roles, Locations, physicianId: PhysicianId);

    /// <summary>What a route open to <paramref name="allowed"/> answers this caller: the route's success, 401 or 403.</summary>
    public HttpStatusCode Expected(IEnumerable<string> allowed, HttpStatusCode success) => Roles switch
    {
        null => HttpStatusCode.Unauthorized,
        _ when Roles.Intersect(allowed).Any() => success,
        _ => HttpStatusCode.Forbidden,
    };

    public override string ToString() => Name;
}
