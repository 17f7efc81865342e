using System.Text.Json;
using Grpc.Core;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>The trailers that carry a problem's code, reasons and field errors across gRPC.</summary>
public static class ProblemStatus
{
    public const string CodeKey = "problem-code";
    public const string ReasonsKey = "problem-reasons";
    public const string ErrorsKey = "problem-errors";

    public static string? GetCode(this RpcException ex) => ex.Trailers.GetValue(CodeKey);

    public static IReadOnlyList<string> GetReasons(this RpcException ex) =>
        ex.Trailers.GetValue(ReasonsKey) is { } json ? JsonSerializer.Deserialize<string[]>(json) ?? [] : [];

    public static IDictionary<string, string[]> GetErrors(this RpcException ex) =>
        ex.Trailers.GetValue(ErrorsKey) is { } json
            ? JsonSerializer.Deserialize<Dictionary<string, string[]>>(json) ?? new Dictionary<string, string[]>()
            : new Dictionary<string, string[]>();
}
