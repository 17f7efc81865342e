using System.Net;

namespace AppHost.Tests;

/// <summary>
/// What a client of the gateway does with a 503 (a service behind it did not answer within its deadline; the problem
/// says nothing was changed): send the request again after its <c>Retry-After</c>. On this shared 2-core machine a
/// service's first gRPC call to another (service token, HTTP/2 connection, cold code on both sides) can miss its
/// sub-second attempt timeout; the calls after it do not.
/// </summary>
internal static class GatewayRetry
{
    public const int MaxAttempts = 5;

    /// <param name="request">A new request for each attempt (a request message is sent once).</param>
    /// <param name="log">Told about each 503 that is tried again.</param>
    public static async Task<HttpResponseMessage> SendRetryingUnavailableAsync(this HttpClient http, Func<HttpRequestMessage> request, Action<string>? log = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            var response = await http.SendAsync(message);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == MaxAttempts) return response;
            log?.Invoke($"{message.Method} {message.RequestUri}: 503 {await response.Content.ReadAsStringAsync()}; trying again");
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }
}
