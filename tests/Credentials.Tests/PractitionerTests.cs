using System.Net;
using System.Net.Http.Headers;
using Credentials.Api.Features.Practitioners;
using Platform.ServiceDefaults.Http;

namespace Credentials.Tests;

public sealed class PractitionerTests(CredentialsServiceFactory service) : IClassFixture<CredentialsServiceFactory>
{
    private readonly CredentialsClient _api = new(service.CreateApiClient());

    private Task<long> PractitionerRows() => service.ScalarAsync<long>("SELECT count(*) FROM practitioners")!;

    [Fact]
    public async Task Registering_stores_the_practitioner_and_answers_201_with_location_and_etag()
    {
        using var response = await _api.Http.PostJsonAsync("/api/practitioners",
            new { firstName = " Ana ", lastName = "Rivera", email = "ana.rivera@clinic.example", npi = "1234567893" });

        var created = await response.ShouldBeAsync<PractitionerView>(HttpStatusCode.Created);
        Assert.Equal($"/api/practitioners/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(("Ana", "Rivera", "1234567893"), (created.FirstName, created.LastName, created.Npi));
        Assert.Equal("ana.rivera@clinic.example", await service.ScalarAsync<string>("SELECT email FROM practitioners WHERE id = $1", created.Id));
    }

    [Fact]
    public async Task A_practitioner_is_read_back_with_licences_verifications_and_certifications()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddVerifiedLicenseAsync(practitioner.Id, "CA-ON");
        await _api.AddCertificationAsync(practitioner.Id, "MLD");

        using var response = await _api.Http.GetAsync($"/api/practitioners/{practitioner.Id}");

        var read = await response.ShouldBeAsync<PractitionerView>(HttpStatusCode.OK);
        var readLicense = Assert.Single(read.Licenses);
        Assert.Equal((license.Id, "CA-ON"), (readLicense.Id, readLicense.Jurisdiction));
        Assert.Single(readLicense.Verifications);
        Assert.Equal("MLD", Assert.Single(read.Certifications).Code);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task An_unknown_practitioner_is_404()
    {
        using var response = await _api.Http.GetAsync($"/api/practitioners/{Guid.CreateVersion7()}");
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_correction_needs_the_etag_and_a_stale_one_is_a_409()
    {
        var practitioner = await _api.RegisterAsync();
        using var read = await _api.Http.GetAsync($"/api/practitioners/{practitioner.Id}");
        var etag = read.Headers.ETag!;
        var correction = new { firstName = "Ana María", lastName = "Rivera", email = "ana@clinic.example", npi = (string?)null };

        using var withoutEtag = await _api.Http.PutJsonAsync($"/api/practitioners/{practitioner.Id}", correction);
        await withoutEtag.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/practitioners/{practitioner.Id}") { Content = JsonContent(correction) };
        request.Headers.IfMatch.Add(etag);
        using var updated = await _api.Http.SendAsync(request);
        Assert.Equal("Ana María", (await updated.ShouldBeAsync<PractitionerView>(HttpStatusCode.OK)).FirstName);
        Assert.NotEqual(etag, updated.Headers.ETag);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/practitioners/{practitioner.Id}") { Content = JsonContent(correction with { firstName = "Anne" }) };
        stale.Headers.IfMatch.Add(etag);
        using var refused = await _api.Http.SendAsync(stale);
        Assert.Equal("stale_write", (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal("Ana María", await service.ScalarAsync<string>("SELECT first_name FROM practitioners WHERE id = $1", practitioner.Id));
    }

    [Fact]
    public async Task A_second_practitioner_with_the_same_npi_is_a_409_naming_the_first()
    {
        var first = await _api.RegisterAsync(npi: "1245319599");
        var before = await PractitionerRows();

        using var response = await _api.Http.PostJsonAsync("/api/practitioners",
            new { firstName = "Other", lastName = "Person", email = "other@clinic.example", npi = "1245319599" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("duplicate_npi", problem.Code);
        Assert.Contains(first.Id.ToString(), await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await PractitionerRows());
    }

    [Fact]
    public async Task Concurrent_registrations_with_one_npi_store_exactly_one()
    {
        const string npi = "1861414492";
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            using var response = await _api.Http.PostJsonAsync("/api/practitioners",
                new { firstName = "Twin", lastName = $"Number{i}", email = $"twin{i}@clinic.example", npi });
            return response.StatusCode;
        }));

        Assert.Equal(1, responses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(11, responses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(1, await service.ScalarAsync<long>("SELECT count(*) FROM practitioners WHERE npi = $1", npi));
    }

    public static TheoryData<string, string> BadRegistrations => new()
    {
        { """{"lastName":"Rivera","email":"a@clinic.example"}""", "firstName" },
        { """{"firstName":"   ","lastName":"Rivera","email":"a@clinic.example"}""", "firstName" },
        { """{"firstName":"Ana","lastName":"Rivera","email":"not-an-email"}""", "email" },
        { """{"firstName":"Ana","lastName":"Rivera","email":"a@clinic.example","npi":"1234567890"}""", "npi" },
        { """{"firstName":"Ana","lastName":"Rivera","email":"a@clinic.example","npi":12345}""", "npi" },
        { """{"firstName":"Ana","lastName":""" + "\"" + new string('x', 10_240) + "\"" + ""","email":"a@clinic.example"}""", "lastName" },
        { """{"firstName":"Ana","lastName":"Rivera","email":"a@clinic.example",""", "$" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task Bad_registrations_are_400_naming_the_field_and_store_nothing(string json, string field)
    {
        var before = await PractitionerRows();
        var auditBefore = await service.ScalarAsync<long>("SELECT count(*) FROM audit_records");

        using var response = await _api.Http.PostRawJsonAsync("/api/practitioners", json);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors?.ContainsKey(field), $"expected an error for '{field}': {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before, await PractitionerRows());
        Assert.Equal(auditBefore, await service.ScalarAsync<long>("SELECT count(*) FROM audit_records"));
    }

    [Fact]
    public async Task The_list_finds_by_name_prefix_email_npi_and_licence_number_and_filters_by_jurisdiction()
    {
        var surname = "Okonkwo" + Random.Shared.Next(1000, 9999);
        var inTexas = await _api.RegisterAsync(surname);
        var inOntario = await _api.RegisterAsync(surname + "b");
        var texasLicense = await _api.AddLicenseAsync(inTexas.Id, "US-TX");
        await _api.AddLicenseAsync(inOntario.Id, "CA-ON");

        var byName = await List($"?search={surname[..8].ToLowerInvariant()}");
        Assert.Equal([inTexas.Id, inOntario.Id], byName.Items.Select(p => p.Id).Intersect([inTexas.Id, inOntario.Id]));

        var byNumber = await List($"?search={texasLicense.LicenseNumber.ToLowerInvariant()}");
        Assert.Equal([inTexas.Id], byNumber.Items.Select(p => p.Id));

        var byEmail = await List($"?search={Uri.EscapeDataString(inOntario.Email)}");
        Assert.Equal([inOntario.Id], byEmail.Items.Select(p => p.Id));

        var inJurisdiction = await List($"?search={surname}&jurisdiction=ca-on");
        Assert.Equal([inOntario.Id], inJurisdiction.Items.Select(p => p.Id));
    }

    [Fact]
    public async Task The_list_pages_by_name_with_a_cursor_and_refuses_a_forged_one()
    {
        var surname = "Paging" + Random.Shared.Next(1000, 9999);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add((await _api.RegisterAsync(surname)).Id);

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await List($"?search={surname}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(p => p.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(5, seen.Distinct().Count());

        using var forged = await _api.Http.GetAsync("/api/practitioners?cursor=not-a-cursor");
        Assert.True((await forged.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.ContainsKey("cursor"));
        using var tooMany = await _api.Http.GetAsync("/api/practitioners?limit=5000");
        Assert.True((await tooMany.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.ContainsKey("limit"));
        using var badJurisdiction = await _api.Http.GetAsync("/api/practitioners?jurisdiction=Florida");
        Assert.True((await badJurisdiction.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.ContainsKey("jurisdiction"));
    }

    private async Task<Page<PractitionerSummary>> List(string query)
    {
        using var response = await _api.Http.GetAsync("/api/practitioners" + query);
        return await response.ShouldBeAsync<Page<PractitionerSummary>>(HttpStatusCode.OK);
    }

    private static StringContent JsonContent<T>(T body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, HttpAssertions.Json), new MediaTypeHeaderValue("application/json"));
}
