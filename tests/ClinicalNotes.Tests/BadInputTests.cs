using System.Net;
using System.Text.Json.Nodes;

namespace ClinicalNotes.Tests;

/// <summary>Bad input is a 400 naming the field, and nothing is stored or changed.</summary>
public sealed class BadInputTests(ClinicalNotesServiceFactory service) : IClassFixture<ClinicalNotesServiceFactory>
{
    private const string TenKilobytes = "TEN_KB";
    private const string LoneSurrogate = "LONE_SURROGATE";

    public static TheoryData<string, string, string> BadFields => new()
    {
        // path in the body, JSON value (or a 10 KB string, or a string with an unpaired surrogate), field the problem names
        { "subjective.painBefore", "11", "subjective.painBefore" },
        { "subjective.painBefore", "-1", "subjective.painBefore" },
        { "subjective.painBefore", "5.5", "subjective.painBefore" },
        { "subjective.painBefore", "\"high\"", "subjective.painBefore" },
        { "painAfter", "11", "painAfter" },
        { "objective.rangeOfMotion[1].degrees", "400", "objective.rangeOfMotion[1].degrees" },
        { "objective.rangeOfMotion[1].degrees", "181", "objective.rangeOfMotion[1].degrees" },
        { "objective.rangeOfMotion[0].degrees", "61", "objective.rangeOfMotion[0].degrees" },
        { "objective.rangeOfMotion[0].degrees", "-5", "objective.rangeOfMotion[0].degrees" },
        { "objective.rangeOfMotion[0].degrees", "null", "objective.rangeOfMotion[0].degrees" },
        { "objective.rangeOfMotion[0].joint", "\"tail\"", "objective.rangeOfMotion[0].joint" },
        { "objective.rangeOfMotion[0].movement", "\"abduction\"", "objective.rangeOfMotion[0].movement" },
        { "objective.rangeOfMotion[0]", "null", "objective.rangeOfMotion[0]" },
        { "objective.rangeOfMotion[1]", """{"joint":"lumbar-spine","movement":"flexion","degrees":40}""", "objective.rangeOfMotion" },
        { "plan.bodyRegions[0]", "\"elbow\"", "plan.bodyRegions[0]" },
        { "plan.techniques[1]", "\"reiki\"", "plan.techniques[1]" },
        { "plan.techniques[0]", "null", "plan.techniques[0]" },
        { "plan.techniques", "\"swedish\"", "plan.techniques" },
        { "outcomeMeasures[0].instrument", "\"VAS\"", "outcomeMeasures[0].instrument" },
        { "outcomeMeasures[0].score", "101", "outcomeMeasures[0].score" },
        { "outcomeMeasures[0].score", "42.25", "outcomeMeasures[0].score" },
        { "outcomeMeasures[0]", """{"instrument":"NDI","score":51}""", "outcomeMeasures[0].score" },
        { "outcomeMeasures[0]", """{"instrument":"FIQR","score":-1}""", "outcomeMeasures[0].score" },
        { "outcomeMeasures", """[{"instrument":"ODI","score":40},{"instrument":"ODI","score":41}]""", "outcomeMeasures" },
        { "kind", "\"follow-up\"", "kind" },
        { "kind", "null", "kind" },
        { "referralId", "\"00000000-0000-0000-0000-000000000000\"", "referralId" },
        { "subjective.chiefComplaint", TenKilobytes, "subjective.chiefComplaint" },
        { "objective.posture", TenKilobytes, "objective.posture" },
        { "objective.palpation", TenKilobytes, "objective.palpation" },
        { "assessment", TenKilobytes, "assessment" },
        { "plan.homeCare", TenKilobytes, "plan.homeCare" },
        { "assessment", "\"nul \\u0000 inside\"", "assessment" },
        { "assessment", LoneSurrogate, "assessment" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_on_create_is_400_naming_it_and_nothing_is_stored(string path, string json, string field)
    {
        using var client = service.Therapist();
        var body = NoteRequests.Body().Set(path, Value(json));
        var before = await CountNotesAsync();

        using var response = await client.PostRawJsonAsync("/api/notes", Json(body));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors?.ContainsKey(field), $"Expected an error for '{field}', got: {string.Join(", ", problem.Errors?.Keys.ToArray() ?? [])}");
        Assert.Equal(before, await CountNotesAsync());
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_on_update_is_400_naming_it_and_the_draft_is_unchanged(string path, string json, string field)
    {
        using var client = service.Therapist();
        var body = NoteRequests.Body();
        var draft = await client.CreateAsync(body);

        using var response = await client.PutNoteAsync(draft.Id, Json(body.Set(path, Value(json))), draft.Version);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors?.ContainsKey(field), $"Expected an error for '{field}', got: {string.Join(", ", problem.Errors?.Keys.ToArray() ?? [])}");
        Assert.Equal(draft.Version, await service.ScalarAsync<uint>("SELECT xmin FROM notes WHERE id = $1", draft.Id));
    }

    [Theory]
    [InlineData("appointmentId", "null")]
    [InlineData("appointmentId", "\"not-a-uuid\"")]
    [InlineData("appointmentId", "\"00000000-0000-0000-0000-000000000000\"")]
    [InlineData("clientId", "null")]
    [InlineData("clientId", "42")]
    public async Task A_note_needs_the_appointment_and_client_ids(string field, string json)
    {
        using var client = service.Therapist();
        var before = await CountNotesAsync();

        using var response = await client.PostRawJsonAsync("/api/notes", NoteRequests.Body().Set(field, Value(json)).ToJsonString());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors?.ContainsKey(field));
        Assert.Equal(before, await CountNotesAsync());
    }

    [Fact]
    public async Task The_range_of_motion_error_says_the_joints_bounds()
    {
        using var client = service.Therapist();

        using var response = await client.PostRawJsonAsync("/api/notes",
            NoteRequests.Body().Set("objective.rangeOfMotion[1].degrees", 400).ToJsonString());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("between 0 and 180", Assert.Single(problem.Errors!["objective.rangeOfMotion[1].degrees"]));
    }

    [Theory]
    [InlineData("{ \"appointmentId\": ")]
    [InlineData("{ \"subjective\": { \"painBefore\": 5 }")]
    [InlineData("[1, 2, 3]")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Malformed_json_is_400_and_nothing_is_stored(string json)
    {
        using var client = service.Therapist();
        var before = await CountNotesAsync();

        using var response = await client.PostRawJsonAsync("/api/notes", json);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await CountNotesAsync());
    }

    [Theory]
    [InlineData("/api/notes?clientId=not-a-uuid")]
    [InlineData("/api/notes?clientId=01900000-0000-7000-8000-000000000000&limit=0")]
    [InlineData("/api/notes?clientId=01900000-0000-7000-8000-000000000000&limit=500")]
    [InlineData("/api/notes?clientId=01900000-0000-7000-8000-000000000000&cursor=forged")]
    [InlineData("/api/notes/chain-verification?clientId=nope")]
    [InlineData("/api/clients/01900000-0000-7000-8000-000000000000/outcomes?referralId=nope")]
    public async Task Bad_query_strings_are_400(string url)
    {
        using var client = service.Staff("manager-1", "manager", TestCaller.HomeLocation); // may use every one of these routes

        using var response = await client.GetAsync(url);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static JsonNode? Value(string json) => json switch
    {
        TenKilobytes => JsonValue.Create(new string('a', 10 * 1024)),
        LoneSurrogate => JsonValue.Create(LoneSurrogate),
        _ => JsonNode.Parse(json),
    };

    /// <summary>The body as sent; an unpaired surrogate can only be written by hand, as a client in another language might.</summary>
    private static string Json(JsonObject body) => body.ToJsonString().Replace($"\"{LoneSurrogate}\"", "\"broken \\ud800 pair\"");

    private Task<long> CountNotesAsync() => service.ScalarAsync<long>("SELECT count(*) FROM notes");
}
