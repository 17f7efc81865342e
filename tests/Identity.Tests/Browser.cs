using System.Net;
using System.Text.RegularExpressions;

namespace Identity.Tests;

/// <summary>Keeps cookies across requests, as a browser does, for in-memory test clients.</summary>
public sealed class CookieHandler : DelegatingHandler
{
    public CookieContainer Cookies { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var header = Cookies.GetCookieHeader(request.RequestUri!);
        if (header.Length > 0) request.Headers.Add("Cookie", header);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values) Cookies.SetCookies(request.RequestUri!, value);
        }

        return response;
    }
}

/// <summary>Fills in and submits the sign-in page the way a person's browser would.</summary>
public sealed partial class Browser(HttpClient client)
{
    public HttpClient Client => client;

    /// <summary>Opens the sign-in page (or whatever leads to it) and posts the form with its hidden fields.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string userName, string password, string start = "/account/login")
    {
        using var page = await client.GetAsync(start);
        page.EnsureSuccessStatusCode();
        return await SubmitAsync(page, userName, password);
    }

    public async Task<HttpResponseMessage> SubmitAsync(HttpResponseMessage page, string userName, string password)
    {
        var html = await page.Content.ReadAsStringAsync();
        var fields = HiddenField().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["userName"] = userName;
        fields["password"] = password;
        var action = new Uri(page.RequestMessage!.RequestUri!, FormAction().Match(html).Groups["action"].Value);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenField();

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]+)">""")]
    private static partial Regex FormAction();
}
