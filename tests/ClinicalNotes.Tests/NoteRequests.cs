using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ClinicalNotes.Api.Features.Notes;

namespace ClinicalNotes.Tests;

/// <summary>Request bodies and calls the functional tests share.</summary>
public static class NoteRequests
{
    /// <summary>A complete treatment note, ready to sign; tests change what they need with JsonNode paths.</summary>
    public static JsonObject Body(Guid? appointmentId = null, Guid? clientId = null, Guid? referralId = null,
        int painBefore = 7, int painAfter = 4, string kind = "treatment", string text = "low back stiffness after gardening") =>
        new()
        {
            ["appointmentId"] = (appointmentId ?? Guid.NewGuid()).ToString(),
            ["clientId"] = (clientId ?? Guid.NewGuid()).ToString(),
            ["referralId"] = referralId?.ToString(),
            ["kind"] = kind,
            ["subjective"] = new JsonObject { ["chiefComplaint"] = text, ["painBefore"] = painBefore },
            ["objective"] = new JsonObject
            {
                ["posture"] = "anterior pelvic tilt",
                ["rangeOfMotion"] = new JsonArray(
                    new JsonObject { ["joint"] = "lumbar-spine", ["movement"] = "flexion", ["degrees"] = 45 },
                    new JsonObject { ["joint"] = "shoulder-left", ["movement"] = "flexion", ["degrees"] = 160 }),
                ["palpation"] = "hypertonic erector spinae, trigger point right QL",
            },
            ["assessment"] = "mechanical low back pain, improving",
            ["plan"] = new JsonObject
            {
                ["techniques"] = new JsonArray("deep-tissue", "trigger-point"),
                ["bodyRegions"] = new JsonArray("lower-back", "hip-gluteal-right"),
                ["homeCare"] = "heat 15 minutes, cat-cow stretches twice a day",
            },
            ["painAfter"] = painAfter,
            ["outcomeMeasures"] = new JsonArray(new JsonObject { ["instrument"] = "ODI", ["score"] = 42 }),
        };

    /// <summary>A therapist at <paramref name="location"/> whose notes' appointments are booked for them first (<see cref="BookTheVisitFirst"/>).</summary>
    public static HttpClient Therapist(this NotesServiceFactory service, string subject = NotesServiceFactory.DefaultTherapist, Guid? location = null)
    {
        var at = location ?? TestCaller.HomeLocation;
        return service.CreateDefaultClient(new BookTheVisitFirst(at))
            .AsUser(subject, ["therapist"], [at], SchedulingHost.PractitionerOf(subject));
    }

    /// <summary>A staff member (or HQ, admin, physician) with one role, working at <paramref name="locations"/>.</summary>
    public static HttpClient Staff(this NotesServiceFactory service, string subject, string role, params Guid[] locations) =>
        service.CreateApiClient().AsUser(subject, [role], locations);

    public static async Task<NoteView> CreateAsync(this HttpClient client, JsonObject body)
    {
        using var response = await client.PostJsonAsync("/api/notes", body);
        var note = await response.ShouldBeAsync<NoteView>(HttpStatusCode.Created);
        return note with { Version = ETagOf(response) };
    }

    public static async Task<NoteView> SignAsync(this HttpClient client, Guid noteId)
    {
        using var response = await client.PostAsync($"/api/notes/{noteId}/sign", null);
        return await response.ShouldBeAsync<NoteView>(HttpStatusCode.OK);
    }

    public static async Task<NoteView> CreateSignedAsync(this HttpClient client, JsonObject body) =>
        await client.SignAsync((await client.CreateAsync(body)).Id);

    public static Task<HttpResponseMessage> PutNoteAsync(this HttpClient client, Guid noteId, JsonObject body, uint? ifMatch) =>
        client.PutNoteAsync(noteId, body.ToJsonString(), ifMatch);

    public static Task<HttpResponseMessage> PutNoteAsync(this HttpClient client, Guid noteId, string json, uint? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/notes/{noteId}")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (ifMatch is { } version) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return client.SendAsync(request);
    }

    public static uint ETagOf(HttpResponseMessage response) =>
        uint.Parse(response.Headers.ETag?.Tag.Trim('"') ?? throw new InvalidOperationException("The response has no ETag."));

    public static JsonObject Set(this JsonObject body, string path, JsonNode? value)
    {
        var segments = path.Split('.');
        JsonNode node = body;
        foreach (var segment in segments[..^1]) node = Step(node, segment)!;
        var last = segments[^1];
        if (last.EndsWith(']'))
        {
            var (name, index) = Indexed(last);
            node[name]![index] = value;
        }
        else
        {
            node[last] = value;
        }

        return body;
    }

    private static JsonNode? Step(JsonNode node, string segment)
    {
        if (!segment.EndsWith(']')) return node[segment];
        var (name, index) = Indexed(segment);
        return node[name]![index];
    }

    private static (string Name, int Index) Indexed(string segment)
    {
        var open = segment.IndexOf('[');
        return (segment[..open], int.Parse(segment[(open + 1)..^1]));
    }
}
