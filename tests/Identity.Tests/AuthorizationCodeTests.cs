using System.Net;
using System.Security.Cryptography;
using System.Text;
using Identity.Api.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Security;

namespace Identity.Tests;

/// <summary>
/// Authorization code + PKCE as a browser does it: the identity service on real Kestrel, a real HTTP client that
/// keeps cookies and follows redirects, the sign-in page filled in, and the code arriving at a real redirect URI.
/// </summary>
public sealed class AuthorizationCodeTests(AuthorizationCodeTests.Fixture fixture) : IClassFixture<AuthorizationCodeTests.Fixture>
{
    [Fact]
    public async Task A_person_signs_in_on_the_page_and_the_web_client_exchanges_the_code_for_tokens()
    {
        var flow = new CodeFlow(fixture);
        var therapist = fixture.Identity.DemoUser(PlatformRoles.Therapist);

        var code = await flow.SignInAsync(therapist.UserName!, therapist.Password!);
        var tokens = await flow.ExchangeAsync(code, flow.Verifier);

        Assert.Null(tokens.Error);
        var access = Tokens.Read(tokens.AccessToken);
        Assert.Equal([PlatformRoles.Therapist], access.Values(CurrentUser.ClaimNames.Role));
        Assert.Equal(therapist.PractitionerId.ToString(), access.Value(CurrentUser.ClaimNames.PractitionerId));
        Assert.Equal("platform-web", access.Value(CurrentUser.ClaimNames.ClientId));
        Assert.Equal(["platform-api"], access.Audiences);
        Assert.Equal("platform-web", Tokens.Read(tokens.IdToken).Audiences.Single());
        Assert.NotNull(tokens.RefreshToken);
    }

    [Fact]
    public async Task The_refresh_token_of_the_web_client_gives_new_tokens()
    {
        var flow = new CodeFlow(fixture);
        var frontDesk = fixture.Identity.DemoUser(PlatformRoles.FrontDesk);
        var tokens = await flow.ExchangeAsync(await flow.SignInAsync(frontDesk.UserName!, frontDesk.Password!), flow.Verifier);

        using var response = await flow.Http.PostAsync(fixture.Identity.HttpAddress + "connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = "platform-web",
            ["refresh_token"] = tokens.RefreshToken!,
        }));
        var refreshed = await TokenResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([PlatformRoles.FrontDesk], Tokens.Read(refreshed.AccessToken).Values(CurrentUser.ClaimNames.Role));
    }

    [Fact]
    public async Task A_code_without_the_right_verifier_is_worthless()
    {
        var flow = new CodeFlow(fixture);
        var manager = fixture.Identity.DemoUser(PlatformRoles.Manager);
        var code = await flow.SignInAsync(manager.UserName!, manager.Password!);

        var wrong = await flow.ExchangeAsync(code, CodeFlow.NewVerifier());
        var missing = await flow.ExchangeAsync(code, verifier: null);
        var right = await flow.ExchangeAsync(code, flow.Verifier);
        var replayed = await flow.ExchangeAsync(code, flow.Verifier);

        Assert.Equal("invalid_grant", wrong.Error);
        Assert.NotNull(missing.Error);
        Assert.Null(wrong.AccessToken ?? missing.AccessToken);
        Assert.NotNull(right.AccessToken);
        // A code is single use.
        Assert.Equal("invalid_grant", replayed.Error);
        Assert.Null(replayed.AccessToken);
    }

    [Fact]
    public async Task An_authorization_request_without_pkce_is_refused()
    {
        var flow = new CodeFlow(fixture);
        using var response = await flow.Http.GetAsync(flow.AuthorizeUrl(withChallenge: false));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        Assert.Contains("code_challenge", await response.Content.ReadAsStringAsync());
        Assert.Equal("/connect/authorize", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_never_receives_anything()
    {
        var flow = new CodeFlow(fixture);
        var url = flow.AuthorizeUrl().Replace(Uri.EscapeDataString(fixture.CallbackUrl), Uri.EscapeDataString("http://127.0.0.1:9/steal"));

        using var response = await flow.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(fixture.Identity.HttpAddress!.ToString(), response.RequestMessage!.RequestUri!.ToString());
    }

    [Fact]
    public async Task A_wrong_password_shows_the_page_again_with_the_reason_and_issues_no_code()
    {
        var flow = new CodeFlow(fixture);
        using var page = await flow.Http.GetAsync(flow.AuthorizeUrl());
        using var response = await new Browser(flow.Http).SubmitAsync(page, fixture.Identity.DemoUser(PlatformRoles.Admin).UserName!, "not-the-password-at-all");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("The user name or password is wrong.", await response.Content.ReadAsStringAsync());
        Assert.Equal("/account/login", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task The_sign_in_page_only_returns_to_this_site()
    {
        var flow = new CodeFlow(fixture, followRedirects: false);
        var admin = fixture.Identity.DemoUser(PlatformRoles.Admin);
        using var page = await flow.Http.GetAsync(fixture.Identity.HttpAddress + "account/login?returnUrl=" + Uri.EscapeDataString("https://evil.example/"));
        Assert.DoesNotContain("evil.example", await page.Content.ReadAsStringAsync());

        using var response = await new Browser(flow.Http).SubmitAsync(page, admin.UserName!, admin.Password!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain("evil", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_sign_in_page_is_a_form_protected_against_forgery()
    {
        var flow = new CodeFlow(fixture);
        using var forged = await flow.Http.PostAsync(fixture.Identity.HttpAddress + "account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = fixture.Identity.DemoUser(PlatformRoles.Admin).UserName!,
            ["password"] = fixture.Identity.DemoUser(PlatformRoles.Admin).Password!,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var css = await flow.Http.GetAsync(fixture.Identity.HttpAddress + "account/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }

    /// <summary>One browser session and one PKCE pair.</summary>
    private sealed class CodeFlow
    {
        private readonly Fixture _fixture;

        public CodeFlow(Fixture fixture, bool followRedirects = true)
        {
            _fixture = fixture;
            Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = followRedirects, CookieContainer = new CookieContainer(), UseCookies = true });
        }

        public HttpClient Http { get; }
        public string Verifier { get; } = NewVerifier();
        public string State { get; } = Guid.NewGuid().ToString("N");

        public static string NewVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

        public string AuthorizeUrl(bool withChallenge = true)
        {
            var parameters = new Dictionary<string, string?>
            {
                ["client_id"] = "platform-web",
                ["response_type"] = "code",
                ["redirect_uri"] = _fixture.CallbackUrl,
                ["scope"] = "openid profile roles offline_access",
                ["state"] = State,
            };
            if (withChallenge)
            {
                parameters["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));
                parameters["code_challenge_method"] = "S256";
            }

            return QueryHelpers.AddQueryString(_fixture.Identity.HttpAddress + "connect/authorize", parameters);
        }

        /// <summary>Starts at the authorization endpoint, is sent to the sign-in page, signs in, lands on the redirect URI.</summary>
        public async Task<string> SignInAsync(string userName, string password)
        {
            using var page = await Http.GetAsync(AuthorizeUrl());
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("/account/login", page.RequestMessage!.RequestUri!.AbsolutePath);

            using var landed = await new Browser(Http).SubmitAsync(page, userName, password);

            var uri = landed.RequestMessage!.RequestUri!;
            Assert.Equal(_fixture.CallbackUrl, uri.GetLeftPart(UriPartial.Path));
            var query = QueryHelpers.ParseQuery(uri.Query);
            Assert.Equal(State, query["state"].ToString());
            return query["code"].ToString();
        }

        public async Task<TokenResponse> ExchangeAsync(string code, string? verifier)
        {
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["client_id"] = "platform-web",
                ["code"] = code,
                ["redirect_uri"] = _fixture.CallbackUrl,
            };
            if (verifier is not null) form["code_verifier"] = verifier;
            using var response = await Http.PostAsync(_fixture.Identity.HttpAddress + "connect/token", new FormUrlEncodedContent(form));
            return await TokenResponse.ReadAsync(response);
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private WebApplication? _callback;

        public IdentityServiceFactory Identity { get; } = new();
        public string CallbackUrl { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            var port = PostgresCluster.FreePort();
            CallbackUrl = $"http://127.0.0.1:{port}/callback";
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            _callback = builder.Build();
            _callback.MapGet("/callback", () => Results.Text("signed in"));
            await _callback.StartAsync();

            Identity.WithSetting("Identity:Clients:Web:RedirectUris:0", CallbackUrl).UseRealServer();
            await Identity.InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            await ((IAsyncLifetime)Identity).DisposeAsync();
            if (_callback is not null) await _callback.DisposeAsync();
        }
    }
}
