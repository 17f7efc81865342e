using ClinicalNotes.Api.Features.Notes;
using ClinicalNotes.Api.Features.Outcomes;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ClinicalNotes.Api.Extensions;
using Platform.ServiceDefaults.Http;

namespace ClinicalNotes.Api.Apis;

public static class NotesApi
{
    public static RouteGroupBuilder MapNotesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notes").WithTags("Clinical notes");

        api.MapPost("/", async (CreateNote command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        {
            var created = await mediator.Send(command, ct);
            ETags.Set(response, created.Version);
            return TypedResults.Created($"/api/notes/{created.Id}", created);
        }).RequireAuthorization(Policies.CreateNote)
            .WithSummary("Start the note of your own checked-in or completed appointment as a draft");

        api.MapPut("/{id:guid}", async (Guid id, ReviseNote command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
        {
            var revised = await mediator.Send(command with { NoteId = id, ExpectedVersion = ETags.RequireIfMatch(request) }, ct);
            ETags.Set(response, revised.Version);
            return TypedResults.Ok(revised);
        }).RequireAuthorization(Policies.WriteOwnDraft).WithSummary("Replace a draft's body (author only, If-Match)");

        api.MapPost("/{id:guid}/sign", async (Guid id, IMediator mediator, HttpRequest request, CancellationToken ct) =>
        {
            uint? expected = request.Headers.IfMatch.Count > 0 ? ETags.RequireIfMatch(request) : null;
            return TypedResults.Ok(await mediator.Send(new SignNote(id, expected), ct));
        }).RequireAuthorization(Policies.WriteOwnDraft).WithSummary("Sign a draft (author only): locks it and links it into the client's hash chain");

        api.MapPost("/{id:guid}/addenda", async (Guid id, AddAddendum command, IMediator mediator, CancellationToken ct) =>
        {
            var added = await mediator.Send(command with { NoteId = id }, ct);
            return TypedResults.Created($"/api/notes/{id}", added);
        }).RequireAuthorization(Policies.AddAddendum).WithSummary("Add an addendum (text, reason) to a signed note of your location");

        api.MapGet("/{id:guid}", async (Guid id, string? purpose, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        {
            var note = await mediator.Send(new GetNote(id, purpose), ct);
            ETags.Set(response, note.Version);
            return TypedResults.Ok(note);
        }).RequireAuthorization(Policies.ReadNotes).WithSummary("Read a note of your location with its addenda (recorded in the access log)");

        api.MapGet("/", async (Guid? clientId, Guid? referralId, Guid? appointmentId, string? purpose, int? limit, string? cursor,
                IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListNotes(clientId, referralId, appointmentId, purpose, limit, cursor), ct)))
            .RequireAuthorization(Policies.ReadNotes)
            .WithSummary("List notes of a client, referral or appointment at your locations (each note returned is recorded in the access log)");

        api.MapGet("/{id:guid}/access-log", async (Guid id, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetAccessLog(id, limit, cursor), ct)))
            .RequireAuthorization(Policies.ReadAccessLog)
            .WithSummary("Who read a note, when and why, newest first");

        api.MapGet("/chain-verification", async (Guid? clientId, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new VerifyChain(clientId), ct)))
            .RequireAuthorization(Policies.VerifyChain)
            .WithSummary("Verify a client's hash chain of signed notes and name the first broken link (hashes only)");

        return api;
    }

    public static RouteHandlerBuilder MapOutcomesApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/clients/{clientId:guid}/outcomes", async (Guid clientId, Guid? referralId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetOutcomes(clientId, referralId), ct)))
            .WithTags("Clinical notes")
            .RequireAuthorization(Policies.ReadOutcomes)
            .WithSummary("A client's pain and outcome-measure series from signed notes, for charts and progress reports");
}
