using System.Net;
using Clients.Api.Domain;
using Clients.Api.Features.Clients;
using static Clients.Tests.ClientsApiDriver;

namespace Clients.Tests;

/// <summary>Updates apply to the version the caller read (ETag / If-Match), so nobody overwrites a change they never saw.</summary>
public sealed class ConcurrencyTests(ClientsServiceFactory service) : IClassFixture<ClientsServiceFactory>
{
    private readonly HttpClient _api = service.CreateApiClient();

    [Fact]
    public async Task An_update_with_the_current_etag_succeeds_and_returns_a_new_etag()
    {
        var (client, etag) = await _api.RegisterAsync(NewClient());
        var changed = NewClient(firstName: "Renamed" + Tag(), lastName: client.LastName, phone: "+44 20 7946 0958");

        using var response = await _api.PutWithETagAsync($"/api/clients/{client.Id}", changed, etag);

        var updated = await response.ShouldBeAsync<ClientView>(HttpStatusCode.OK);
        Assert.Equal(changed["firstName"], updated.FirstName);
        Assert.Equal("+442079460958", updated.Phone);
        Assert.NotEqual(etag, response.Headers.ETag!.Tag);
        Assert.Equal(changed["firstName"], await service.ScalarAsync<string>("SELECT first_name FROM clients WHERE id = $1", client.Id));
    }

    [Fact]
    public async Task An_update_without_if_match_is_428_and_changes_nothing()
    {
        var (client, _) = await _api.RegisterAsync(NewClient());
        using var response = await _api.PutWithETagAsync($"/api/clients/{client.Id}", NewClient(firstName: "Other"), etag: null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Equal("if_match_required", problem.Code);
        Assert.Equal(client.FirstName, await service.ScalarAsync<string>("SELECT first_name FROM clients WHERE id = $1", client.Id));
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_409_and_keeps_the_other_change()
    {
        var (client, staleEtag) = await _api.RegisterAsync(NewClient());
        using (var first = await _api.PutWithETagAsync($"/api/clients/{client.Id}", NewClient(firstName: "First", lastName: client.LastName), staleEtag))
        {
            await first.ShouldBeAsync<ClientView>(HttpStatusCode.OK);
        }

        using var second = await _api.PutWithETagAsync($"/api/clients/{client.Id}", NewClient(firstName: "Second", lastName: client.LastName), staleEtag);

        var problem = await second.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("stale_write", problem.Code);
        Assert.Equal("First", await service.ScalarAsync<string>("SELECT first_name FROM clients WHERE id = $1", client.Id));
    }

    [Fact]
    public async Task A_stale_health_history_cannot_erase_a_contraindication_recorded_meanwhile()
    {
        var (client, etag) = await _api.RegisterAsync(NewClient());
        await _api.RecordHealthHistoryAsync(client.Id, etag, History(["dvt"]));

        using var stale = await _api.PutWithETagAsync($"/api/clients/{client.Id}/health-history", History([]), etag);

        Assert.Equal("stale_write", (await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal([Contraindication.Dvt], (await _api.GetClientAsync(client.Id)).Client.HealthHistory.Contraindications);
        Assert.Equal("{dvt}", await service.ScalarAsync<string>("SELECT contraindications::text FROM clients WHERE id = $1", client.Id));
    }

    [Fact]
    public async Task Of_many_parallel_updates_from_the_same_version_exactly_one_wins()
    {
        var (client, etag) = await _api.RegisterAsync(NewClient());
        using var start = new SemaphoreSlim(0);
        var updates = Enumerable.Range(0, 16).Select(async i =>
        {
            await start.WaitAsync();
            using var response = await _api.PutWithETagAsync($"/api/clients/{client.Id}", NewClient(firstName: "Writer" + (char)('a' + i), lastName: client.LastName), etag);
            return (response.StatusCode, Name: "Writer" + (char)('a' + i));
        }).ToList();
        start.Release(updates.Count);
        var results = await Task.WhenAll(updates);

        var winner = Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(updates.Count - 1, results.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(winner.Name, await service.ScalarAsync<string>("SELECT first_name FROM clients WHERE id = $1", client.Id));
    }

    [Fact]
    public async Task Of_parallel_health_history_updates_from_the_same_version_exactly_one_wins()
    {
        var (client, etag) = await _api.RegisterAsync(NewClient());
        string[] codes = ["dvt", "recent-fracture", "severe-osteoporosis", "active-cancer", "pregnancy", "skin-infection", "recent-surgery"];
        var results = await Task.WhenAll(codes.Select(async code =>
        {
            using var response = await _api.PutWithETagAsync($"/api/clients/{client.Id}/health-history", History([code]), etag);
            return (response.StatusCode, Code: code);
        }));

        var winner = Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal($"{{{winner.Code}}}", await service.ScalarAsync<string>("SELECT contraindications::text FROM clients WHERE id = $1", client.Id));
    }

    [Fact]
    public async Task A_malformed_if_match_is_400_naming_the_header()
    {
        var (client, _) = await _api.RegisterAsync(NewClient());
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/clients/{client.Id}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(NewClient(), options: HttpAssertions.Json),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"banana\"");
        using var response = await _api.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("If-Match", problem.Errors!.Keys);
    }

    [Fact]
    public async Task Updating_an_unknown_client_is_404()
    {
        using var response = await _api.PutWithETagAsync($"/api/clients/{Guid.CreateVersion7()}", NewClient(), "\"1234\"");
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
