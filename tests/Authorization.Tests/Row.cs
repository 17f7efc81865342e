using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.ServiceDefaults.Security;

namespace Authorization.Tests;

/// <summary>Whose row a matrix row acts on: none in particular, location A's or B's, physician P1's or P2's.</summary>
public enum Target { None, A, B, P1, P2 }

/// <summary>How the row's owner narrows who among the allowed roles may act (docs/AUTHORIZATION.md, "scope").</summary>
public enum Scope
{
    /// <summary>Every allowed role, on any row (chain-wide reads, HQ work).</summary>
    None,

    /// <summary>Staff act only at their locations (403 <c>outside_your_locations</c>); HQ and admins anywhere.</summary>
    Location,

    /// <summary>A physician sees only their own rows; another physician's is 404 (outsiders learn nothing).</summary>
    OwnPhysicianElse404,

    /// <summary>A physician acts only as themself (403 <c>not_your_physician_id</c>).</summary>
    OwnPhysicianElse403,
}

/// <summary>A status and, for refusals, the problem <c>code</c> that says why.</summary>
public sealed record Outcome(HttpStatusCode Status, string? Code = null)
{
    public static readonly Outcome Unauthenticated = new(HttpStatusCode.Unauthorized, "authentication_required");
    public static readonly Outcome RoleNotAllowed = new(HttpStatusCode.Forbidden, AccessDeniedException.RoleNotAllowed);
    public static readonly Outcome OutsideLocations = new(HttpStatusCode.Forbidden, AccessDeniedException.OutsideYourLocations);
    public static readonly Outcome NotYourPhysician = new(HttpStatusCode.Forbidden, AccessDeniedException.NotYourPhysicianId);
    public static readonly Outcome NotFound = new(HttpStatusCode.NotFound);

    public override string ToString() => Code is null ? $"{(int)Status}" : $"{(int)Status} {Code}";
}

/// <summary>The request one call sends: path and query, JSON body, and the headers some routes need.</summary>
public sealed record Call(string Path, JsonNode? Body = null, string? IfMatch = null, bool IdempotencyKey = false);

/// <summary>
/// One line of the matrix: a route (method and the service's route pattern), the row it acts on, the roles the contract
/// allows, the success an allowed caller gets, and the scope rule. <see cref="Expected"/> turns that into each caller's
/// outcome; <see cref="Except"/> states the few outcomes no general rule gives. <see cref="Build"/> makes a valid
/// request (a fresh row where the call changes the row's state), so an allowed caller meets the real success.
/// </summary>
public sealed record Row(string Method, string Route, Target Target, string[] Allowed, HttpStatusCode Success, Scope Scope,
    Func<World, Task<Call>> Build)
{
    /// <summary>Outcomes for particular callers that the general rule does not give (the reason is in the row's comment).</summary>
    public IReadOnlyDictionary<Caller, Outcome> Except { get; init; } = new Dictionary<Caller, Outcome>();

    public string Name => Target == Target.None ? $"{Method} {Route}" : $"{Method} {Route} @{Target}";

    /// <summary>The route pattern with parameter names and constraints dropped, to compare with the service's.</summary>
    public string Shape => RouteShape.Of(Route);

    public Outcome Expected(Caller caller)
    {
        if (!caller.HasToken) return Outcome.Unauthenticated;
        if (caller.Role is null || !Allowed.Contains(caller.Role)) return Outcome.RoleNotAllowed;
        if (Except.TryGetValue(caller, out var special)) return special;
        return (Scope, Target) switch
        {
            (Scope.Location, Target.A or Target.B) when caller.IsStaff && caller.Location.ToString() != Target.ToString() => Outcome.OutsideLocations,
            (Scope.OwnPhysicianElse404, Target.P1 or Target.P2) when caller.Role == Roles.Physician && caller.Physician != Target.ToString() => Outcome.NotFound,
            (Scope.OwnPhysicianElse403, Target.P1 or Target.P2) when caller.Role == Roles.Physician && caller.Physician != Target.ToString() => Outcome.NotYourPhysician,
            _ => new Outcome(Success),
        };
    }

    public override string ToString() => Name;
}

public static partial class RouteShape
{
    /// <summary><c>/api/practitioners/{id:guid}/</c> and <c>/api/practitioners/{practitionerId}</c> are both <c>/api/practitioners/{}</c>.</summary>
    public static string Of(string pattern)
    {
        var shape = Parameter().Replace(pattern, "{}");
        return shape.Length > 1 ? shape.TrimEnd('/') : shape;
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
