using System.Text.Json;
using FluentValidation;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>Maps the platform's problem exceptions to gRPC statuses, with code and reasons in trailers.</summary>
public sealed partial class ProblemToStatusInterceptor(ILogger<ProblemToStatusInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex, context.Method);
        }
    }

    private RpcException ToRpcException(Exception ex, string method)
    {
        var trailers = new Metadata();
        StatusCode status;
        switch (ex)
        {
            case ValidationException validation:
                status = StatusCode.InvalidArgument;
                trailers.Add(ProblemStatus.ErrorsKey, JsonSerializer.Serialize(FieldErrors.From(validation.Errors)));
                break;
            case ProblemException problem:
                status = problem.StatusCode switch
                {
                    400 => StatusCode.InvalidArgument,
                    403 => StatusCode.PermissionDenied,
                    404 => StatusCode.NotFound,
                    409 => StatusCode.Aborted,
                    422 => StatusCode.FailedPrecondition,
                    428 => StatusCode.FailedPrecondition,
                    503 => StatusCode.Unavailable,
                    _ => StatusCode.Unknown,
                };
                if (problem.Code is { } code) trailers.Add(ProblemStatus.CodeKey, code);
                if (problem.Reasons is { } reasons) trailers.Add(ProblemStatus.ReasonsKey, JsonSerializer.Serialize(reasons));
                break;
            case OperationCanceledException:
                status = StatusCode.Cancelled;
                break;
            default:
                status = StatusCode.Internal;
                LogUnexpected(logger, ex, method);
                return new RpcException(new Status(status, "An unexpected error occurred."), trailers);
        }

        return new RpcException(new Status(status, ex.Message), trailers);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in gRPC method {Method}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method);
}
