using System.Net;
using System.Text.Json.Nodes;
using Referrals.Api.Features.Physicians;

namespace Referrals.Tests;

public sealed class PhysicianTests(ReferralsWorld world) : IClassFixture<ReferralsWorld>
{
    private readonly ReferralsDriver _driver = new(world);

    private Task<long> PhysicianRows() => _driver.CountAsync("SELECT count(*) FROM physicians");

    [Fact]
    public async Task Registering_stores_the_physician_with_numbers_in_E164_and_reads_back()
    {
        var npi = ReferralsDriver.NewNpi();
        using var response = await _driver.Api.PostJsonAsync("/api/physicians", ReferralsDriver.PhysicianBody(npi));

        var created = await response.ShouldBeAsync<PhysicianView>(HttpStatusCode.Created);
        Assert.Equal($"/api/physicians/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((npi, "MD", "+13055550142", "+13055550143"), (created.Npi, created.Credential, created.Phone, created.Fax));

        using var read = await _driver.Api.GetAsync($"/api/physicians/{created.Id}");
        Assert.Equal(created, await read.ShouldBeAsync<PhysicianView>(HttpStatusCode.OK));
        Assert.Equal(npi, await world.Referrals.ScalarAsync<string>("SELECT npi FROM physicians WHERE id = $1", created.Id));
    }

    [Fact]
    public async Task The_NPI_of_the_documentation_is_accepted()
    {
        // 1234567893 is the example NPI of the CMS documentation; another test class may have taken it already.
        using var response = await _driver.Api.PostJsonAsync("/api/physicians", ReferralsDriver.PhysicianBody("1234567893"));
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict });
    }

    [Theory]
    [InlineData("1234567890")]   // wrong check digit
    [InlineData("1234567894")]   // wrong check digit
    [InlineData("123456789")]    // nine digits
    [InlineData("12345678931")]  // eleven digits
    [InlineData("12345678a3")]   // a letter
    [InlineData(" 1234567893")]  // padded
    [InlineData("")]
    public async Task An_invalid_NPI_is_a_400_naming_npi_and_nothing_is_stored(string npi)
    {
        var before = await PhysicianRows();

        using var response = await _driver.Api.PostJsonAsync("/api/physicians", ReferralsDriver.PhysicianBody(npi));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("npi", problem.Errors!.Keys);
        Assert.Equal(before, await PhysicianRows());
    }

    [Fact]
    public async Task A_second_physician_with_the_same_NPI_is_a_409_naming_the_first()
    {
        var first = await _driver.RegisterPhysicianAsync();
        var before = await PhysicianRows();

        using var response = await _driver.Api.PostJsonAsync("/api/physicians", ReferralsDriver.PhysicianBody(first.Npi));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("duplicate_npi", problem.Code);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(first.Id.ToString(), JsonNode.Parse(body)!["physicianId"]!.GetValue<string>());
        Assert.Equal(before, await PhysicianRows());
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_NPI_store_exactly_one_physician()
    {
        var npi = ReferralsDriver.NewNpi();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var client = world.Referrals.CreateApiClient();
            using var response = await client.PostJsonAsync("/api/physicians", ReferralsDriver.PhysicianBody(npi));
            return response.StatusCode;
        }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(11, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(1, await _driver.CountAsync("SELECT count(*) FROM physicians WHERE npi = $1", npi));
    }

    [Theory]
    [InlineData("credential", "RN")]
    [InlineData("credential", "md")]
    [InlineData("phone", "555-0142")]
    [InlineData("fax", "call me")]
    [InlineData("firstName", "")]
    [InlineData("lastName", "R2-D2")]
    [InlineData("practiceName", "   ")]
    public async Task A_bad_field_is_a_400_naming_it_and_nothing_is_stored(string field, string value)
    {
        var before = await PhysicianRows();
        var body = ReferralsDriver.PhysicianBody();
        body[field] = value;

        using var response = await _driver.Api.PostJsonAsync("/api/physicians", body);

        Assert.Contains(field, (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Equal(before, await PhysicianRows());
    }

    [Fact]
    public async Task An_empty_body_names_every_required_field()
    {
        using var response = await _driver.Api.PostRawJsonAsync("/api/physicians", "");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Superset(new HashSet<string> { "npi", "firstName", "lastName", "credential", "practiceName", "phone", "fax" }, problem.Errors!.Keys.ToHashSet());
    }

    [Fact]
    public async Task An_unknown_physician_is_404()
    {
        using var response = await _driver.Api.GetAsync($"/api/physicians/{Guid.CreateVersion7()}");
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
