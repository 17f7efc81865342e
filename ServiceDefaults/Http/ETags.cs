using Microsoft.AspNetCore.Http;
using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Http;

/// <summary>
/// Optimistic concurrency over HTTP: the ETag is the row's version (PostgreSQL <c>xmin</c> or a version
/// column); an update must send it back in <c>If-Match</c>. A stale one is a 409, a missing one a 428.
/// </summary>
public static class ETags
{
    public static string Format(uint version) => $"\"{version}\"";

    public static void Set(HttpResponse response, uint version) => response.Headers.ETag = Format(version);

    /// <summary>The version the caller read, from <c>If-Match</c>.</summary>
    public static uint RequireIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header)) throw new PreconditionRequiredException();
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        value = value.Trim('"');
        if (!uint.TryParse(value, out var version))
        {
            throw new InvalidInputException("If-Match", "Send the ETag exactly as you received it, for example \"12345\".");
        }

        return version;
    }
}
