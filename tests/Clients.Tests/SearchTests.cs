using System.Net;
using Clients.Api.Domain;
using Clients.Api.Features.Clients;
using Platform.ServiceDefaults.Http;
using static Clients.Tests.ClientsApiDriver;

namespace Clients.Tests;

/// <summary>Search across the chain. Each test uses its own random name tag, so tests do not see each other's clients.</summary>
public sealed class SearchTests(ClientsServiceFactory service) : IClassFixture<ClientsServiceFactory>
{
    private readonly HttpClient _api = service.CreateApiClient();

    private async Task<Page<ClientSummary>> SearchAsync(string search, int? limit = null, string? cursor = null)
    {
        var url = $"/api/clients?search={Uri.EscapeDataString(search)}";
        if (limit is not null) url += $"&limit={limit}";
        if (cursor is not null) url += $"&cursor={cursor}";
        using var response = await _api.GetAsync(url);
        return await response.ShouldBeAsync<Page<ClientSummary>>(HttpStatusCode.OK);
    }

    private async Task<List<ClientSummary>> SearchAllPagesAsync(string search, int limit)
    {
        var all = new List<ClientSummary>();
        string? cursor = null;
        do
        {
            var page = await SearchAsync(search, limit, cursor);
            Assert.InRange(page.Items.Count, 0, limit);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    [Theory]
    [InlineData("nunez")]
    [InlineData("NÚÑEZ")]
    [InlineData("Nunez")]
    [InlineData("nú")]
    public async Task A_last_name_prefix_finds_the_client_whatever_the_case_and_accents(string typed)
    {
        var tag = Tag();
        var (client, _) = await _api.RegisterAsync(NewClient(firstName: "Zoë", lastName: $"Núñez{tag}"));

        var page = await SearchAsync(typed + tag);
        // "nú" + tag is not a prefix of "nunez" + tag: only the full-prefix forms must find it.
        if (typed.Length > 2) Assert.Equal([client.Id], page.Items.Select(c => c.Id));
        else Assert.Empty(page.Items);
    }

    [Theory]
    [InlineData("jose")]
    [InlineData("JOSÉ")]
    [InlineData("José")]
    public async Task A_first_name_prefix_finds_the_client(string typed)
    {
        var tag = Tag();
        var (client, _) = await _api.RegisterAsync(NewClient(firstName: $"José{tag}", lastName: "García"));

        Assert.Equal([client.Id], (await SearchAsync(typed + tag)).Items.Select(c => c.Id));
        Assert.Equal([client.Id], (await SearchAsync(typed + tag[..3])).Items.Where(c => c.Id == client.Id).Select(c => c.Id));
    }

    [Theory]
    [InlineData("{0} garcía", true)]
    [InlineData("{0} garc", true)]
    [InlineData("{0} G", true)]
    [InlineData("garcia marquez {0}", true)]
    [InlineData("{0} lopez", false)]
    public async Task First_then_last_name_or_last_then_first_finds_the_client(string pattern, bool found)
    {
        var tag = Tag();
        var (client, _) = await _api.RegisterAsync(NewClient(firstName: $"José{tag}", lastName: "García Márquez"));

        var page = await SearchAsync(string.Format(pattern, "jose" + tag));

        Assert.Equal(found ? [client.Id] : [], page.Items.Select(c => c.Id));
    }

    [Theory]
    [InlineData("(305) {0}-{1}")]
    [InlineData("305.{0}.{1}")]
    [InlineData("+1 305 {0} {1}")]
    [InlineData("1-305-{0}-{1}")]
    [InlineData("305{0}{1}")]
    public async Task A_phone_number_in_any_formatting_finds_the_client(string typed)
    {
        var exchange = Random.Shared.Next(200, 999).ToString();
        var line = Random.Shared.Next(1000, 9999).ToString();
        var (client, _) = await _api.RegisterAsync(NewClient(phone: $"305 {exchange} {line}"));

        var page = await SearchAsync(string.Format(typed, exchange, line));

        Assert.Contains(client.Id, page.Items.Select(c => c.Id));
        Assert.All(page.Items, c => Assert.Equal($"+1305{exchange}{line}", c.Phone));
    }

    [Fact]
    public async Task Email_search_ignores_case()
    {
        var tag = Tag();
        var (client, _) = await _api.RegisterAsync(NewClient(email: $"Ana.{tag}@Example.com"));

        Assert.Equal([client.Id], (await SearchAsync($"ana.{tag.ToUpperInvariant()}@EXAMPLE.com")).Items.Select(c => c.Id));
        Assert.Empty((await SearchAsync($"ana.{tag}@example.org")).Items);
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats_in_name_order()
    {
        var tag = Tag();
        // Both names start with the tag for some clients: they must still appear once.
        var firstNames = new[] { "Ana", "Bruno", "Carla", "Dora", "Edu", tag + "x", tag + "y" };
        var ids = new List<Guid>();
        foreach (var first in firstNames)
        {
            ids.Add((await _api.RegisterAsync(NewClient(firstName: first, lastName: tag + "son"))).Client.Id);
        }

        // And one whose first name only matches.
        ids.Add((await _api.RegisterAsync(NewClient(firstName: tag + "ina", lastName: "Moreau"))).Client.Id);

        var all = await SearchAllPagesAsync(tag, limit: 3);

        Assert.Equal(ids.Order(), all.Select(c => c.Id).Order());
        // "first last" key "<tag>ina moreau" sorts before "<tag>son ana": the list is in the order of the name that matched.
        Assert.Equal(tag + "ina", all[0].FirstName);
        Assert.Equal(firstNames.OrderBy(SearchKeys.Normalize, StringComparer.Ordinal), all.Skip(1).Select(c => c.FirstName));
    }

    [Fact]
    public async Task A_one_letter_search_returns_a_full_page_and_a_cursor()
    {
        for (var i = 0; i < 3; i++) await _api.RegisterAsync(NewClient(lastName: "Quast" + Tag()));

        var page = await SearchAsync("q", limit: 2);

        Assert.Equal(2, page.Items.Count);
        Assert.NotNull(page.NextCursor);
        Assert.All(page.Items, c => Assert.True(
            c.LastName.StartsWith('Q') || c.FirstName.StartsWith('Q'), $"{c.FirstName} {c.LastName} does not start with q"));
    }

    [Fact]
    public async Task Without_search_text_the_whole_chain_is_listed_in_pages()
    {
        await _api.RegisterAsync(NewClient());
        await _api.RegisterAsync(NewClient());

        var page = await SearchAsync("", limit: 1);

        Assert.Single(page.Items);
        Assert.NotNull(page.NextCursor);
    }

    [Theory]
    [InlineData("search", "!!!")]
    [InlineData("search", "305 555 01 2")]
    [InlineData("limit", "x")]
    [InlineData("cursor", "not-a-cursor")]
    public async Task Searches_that_cannot_be_understood_are_400_naming_the_parameter(string field, string value)
    {
        var query = field switch
        {
            "search" => $"search={Uri.EscapeDataString(value)}",
            "limit" => "search=a&limit=0",
            _ => $"search=a&cursor={value}",
        };
        using var response = await _api.GetAsync("/api/clients?" + query);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors?.ContainsKey(field), $"errors should name '{field}': {string.Join(", ", problem.Errors?.Keys.ToArray() ?? [])}");
    }

    [Fact]
    public async Task A_10_kb_search_is_refused()
    {
        using var response = await _api.GetAsync("/api/clients?search=" + new string('a', 10_240));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("search", problem.Errors!.Keys);
    }
}
