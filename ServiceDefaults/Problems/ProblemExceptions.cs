namespace Platform.ServiceDefaults.Problems;

/// <summary>
/// A refusal the caller can act on. Handlers throw these; the REST exception handler turns them into
/// RFC 9457 problem details and the gRPC interceptor into a status with the same code, so one use
/// case answers the same way whatever the transport.
/// </summary>
public abstract class ProblemException(string message, Exception? inner = null) : Exception(message, inner)
{
    public abstract int StatusCode { get; }
    public abstract string Title { get; }
    /// <summary>Machine-readable code (API.md), for example <c>practitioner_busy</c>.</summary>
    public virtual string? Code => null;
    public virtual IReadOnlyList<string>? Reasons => null;
    public virtual IReadOnlyDictionary<string, object?>? Extensions => null;
}

/// <summary>404: the named thing does not exist (or the caller may not know it exists).</summary>
public sealed class NotFoundException(string what, object id)
    : ProblemException($"{what} '{id}' was not found.")
{
    public string What { get; } = what;
    public override int StatusCode => 404;
    public override string Title => "Not found";
    public override string Code => "not_found";
}

/// <summary>409: the request collides with the current state (double booking, duplicate, stale write, illegal transition).</summary>
public sealed class ConflictException(string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : ProblemException(detail)
{
    public override int StatusCode => 409;
    public override string Title => "Conflict";
    public override string Code => code;
    public override IReadOnlyDictionary<string, object?>? Extensions => extensions;
}

/// <summary>422: a business rule refuses the request; <see cref="Reasons"/> lists every reason, not only the first.</summary>
public sealed class BusinessRuleException(string code, IReadOnlyList<string> reasons, string? detail = null, IReadOnlyDictionary<string, object?>? extensions = null)
    : ProblemException(detail ?? $"Refused: {string.Join(", ", reasons)}.")
{
    public override int StatusCode => 422;
    public override string Title => "Refused by a business rule";
    public override string Code => code;
    public override IReadOnlyList<string> Reasons => reasons;
    public override IReadOnlyDictionary<string, object?>? Extensions => extensions;
}

/// <summary>400 for input problems found outside a validator (query strings, headers), with the field named.</summary>
public sealed class InvalidInputException(string field, string message)
    : ProblemException($"{field}: {message}")
{
    public string Field { get; } = field;
    public string FieldMessage { get; } = message;
    public override int StatusCode => 400;
    public override string Title => "One or more validation errors occurred.";
}

/// <summary>428: an update must say which version it changes (<c>If-Match</c>).</summary>
public sealed class PreconditionRequiredException()
    : ProblemException("This update needs an If-Match header with the ETag you read; read the resource again and send its ETag.")
{
    public override int StatusCode => 428;
    public override string Title => "Precondition required";
    public override string Code => "if_match_required";
}

/// <summary>403: authenticated, but this use case or this resource is not yours.</summary>
public sealed class ForbiddenException(string detail) : ProblemException(detail)
{
    public override int StatusCode => 403;
    public override string Title => "Forbidden";
    public override string Code => "forbidden";
}

/// <summary>
/// 503: a service this decision depends on did not answer in time. Nothing was changed; the caller
/// may retry after <see cref="RetryAfterSeconds"/>.
/// </summary>
public sealed class DependencyUnavailableException(string dependency, Exception? inner = null)
    : ProblemException($"The {dependency} service did not answer in time; nothing was changed. Try again shortly.", inner)
{
    public string Dependency { get; } = dependency;
    public int RetryAfterSeconds => 1;
    public override int StatusCode => 503;
    public override string Title => "Dependency unavailable";
    public override string Code => "dependency_unavailable";
    public override IReadOnlyDictionary<string, object?> Extensions => new Dictionary<string, object?> { ["dependency"] = Dependency };
}
