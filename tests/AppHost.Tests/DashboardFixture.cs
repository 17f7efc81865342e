using Microsoft.Playwright;

namespace AppHost.Tests;

/// <summary>
/// One AppHost started as a user starts it, and Debian's Chromium driven by Playwright (headless, never
/// downloaded: <c>apt-get install chromium</c> provides <c>/usr/bin/chromium</c>), shared by the browser tests.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; <c>PLAYWRIGHT_CHROMIUM_PATH</c> names another installed Chromium-based browser.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "apphost-dashboard-" + Guid.NewGuid().ToString("N")[..8]);
    private IPlaywright? _playwright;

    public AppHostProcess AppHost { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public Uri LoginUrl { get; private set; } = null!;
    public Uri DashboardUrl => new(LoginUrl.GetLeftPart(UriPartial.Authority));
    public string LoginToken => System.Web.HttpUtility.ParseQueryString(LoginUrl.Query)["t"]!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's Chromium (apt-get install -y chromium); .ci/run does.");
        }

        AppHost = AppHostProcess.Start(_dataDirectory, PostgresCluster.FreePort());
        await AppHost.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        LoginUrl = AppHost.DashboardLoginUrl ?? throw new InvalidOperationException("The AppHost printed no dashboard line:" + Environment.NewLine + AppHost.Output);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (no cookie), like a new private window.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = DashboardUrl.ToString() });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>A page signed in the way the AppHost tells a user to: by opening the printed link.</summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(LoginUrl.ToString());
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (AppHost is not null) await AppHost.DisposeAsync();
        try
        {
            if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
