using System.Text.Json;
using FluentValidation;
using Grpc.Core;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Problems;

/// <summary>Turns every exception into RFC 9457 problem details. Bad input is never a 500.</summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is nobody to answer.
            return true;
        }

        var problem = ToProblem(exception, httpContext);
        if (exception is DependencyUnavailableException dependency)
        {
            // Expected when a dependency is slow or down: one line, no stack. Under overload hundreds of these arrive
            // within seconds, and writing each stack trace to the console and the telemetry made the overload worse.
            LogDependencyUnavailable(logger, dependency.Dependency, httpContext.Request.Method, httpContext.Request.Path,
                dependency.InnerException?.GetType().Name ?? "none");
        }
        else if (exception is ProblemException { StatusCode: >= 500 } refusal)
        {
            // A 5xx the service chose to answer (a full queue): expected under overload, one line like the above.
            LogRefusedUnderLoad(logger, httpContext.Request.Method, httpContext.Request.Path, problem.Status ?? 500, refusal.Code ?? "none");
        }
        else if (problem.Status >= 500)
        {
            LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        if (exception is DependencyUnavailableException unavailable)
        {
            httpContext.Response.Headers.RetryAfter = unavailable.RetryAfterSeconds.ToString();
        }
        else if (problem.Status == 503)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    public static ProblemDetails ToProblem(Exception exception, HttpContext httpContext)
    {
        switch (exception)
        {
            case ValidationException validation:
                return new HttpValidationProblemDetails(FieldErrors.From(validation.Errors))
                {
                    Status = 400,
                    Title = "One or more validation errors occurred.",
                    Detail = "Correct the fields listed in 'errors' and send the request again.",
                };

            case InvalidInputException invalid:
                return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [invalid.Field] = [invalid.FieldMessage] })
                {
                    Status = 400,
                    Title = invalid.Title,
                    Detail = invalid.Message,
                };

            case ProblemException known:
            {
                var problem = new ProblemDetails { Status = known.StatusCode, Title = known.Title, Detail = known.Message };
                if (known.Code is { } code) problem.Extensions["code"] = code;
                if (known.Reasons is { } reasons) problem.Extensions["reasons"] = reasons;
                if (known.Extensions is { } extensions)
                {
                    foreach (var (key, value) in extensions) problem.Extensions[key] = value;
                }

                return problem;
            }

            case BadHttpRequestException badRequest:
                return FromBadRequest(badRequest);

            case DbUpdateConcurrencyException:
                return new ProblemDetails
                {
                    Status = 409,
                    Title = "Conflict",
                    Detail = "Someone changed this record after you read it. Read it again, reapply your change and send it with the new ETag.",
                    Extensions = { ["code"] = "stale_write" },
                };

            case RpcException rpc when rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded:
                return new ProblemDetails
                {
                    Status = 503,
                    Title = "Dependency unavailable",
                    Detail = "A service this request depends on did not answer in time; nothing was changed. Try again shortly.",
                    Extensions = { ["code"] = "dependency_unavailable" },
                };

            case var _ when IsDatabaseUnavailable(exception):
                // A pool exhausted by a burst, a connection that timed out, a server restarting: the request may
                // simply be sent again, so it is a 503 with Retry-After, not an error of the platform's.
                return new ProblemDetails
                {
                    Status = 503,
                    Title = "Database busy",
                    Detail = "The database did not answer in time; nothing was changed. Try again shortly.",
                    Extensions = { ["code"] = "database_unavailable" },
                };

            default:
                return new ProblemDetails
                {
                    Status = 500,
                    Title = "An unexpected error occurred.",
                    Detail = "The error was logged with the trace id below; quote it when you report the problem.",
                };
        }
    }

    /// <summary>Npgsql marks timeouts, refused connections and pool exhaustion transient; EF wraps them after its retries.</summary>
    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true }) return true;
        }

        return false;
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException badRequest)
    {
        // Minimal APIs wrap a JSON error; its path ("$.dateOfBirth") names the field.
        if (badRequest.InnerException is JsonException json)
        {
            var field = FieldErrors.FromJsonPath(json.Path);
            var message = json.Message.Split(" Path:", 2)[0];
            if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) || message.StartsWith("'", StringComparison.Ordinal))
            {
                message = "The value has the wrong type or format.";
            }

            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = 400,
                Title = "The request body is not valid JSON for this operation.",
                Detail = $"Fix '{field}' and send the request again.",
            };
        }

        return new ProblemDetails
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode == 413 ? "Request too large" : "Bad request",
            Detail = badRequest.StatusCode == 413 ? "The request body is larger than this service accepts." : badRequest.Message,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Dependency} service did not answer {Method} {Path} in time ({Cause}); answered 503")]
    private static partial void LogDependencyUnavailable(ILogger logger, string dependency, string method, string path, string cause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered {Status} {Code}")]
    private static partial void LogRefusedUnderLoad(ILogger logger, string method, string path, int status, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
