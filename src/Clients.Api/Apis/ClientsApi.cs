using Clients.Api.Extensions;
using Clients.Api.Features.Clients;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults.Http;

namespace Clients.Api.Apis;

public static class ClientsApi
{
    public static RouteGroupBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/clients").WithTags("Clients");

        api.MapPost("/", async (RegisterClient command, bool? allowDuplicate, IMediator mediator, HttpResponse response, CancellationToken ct) =>
            {
                var created = await mediator.Send(command with { AllowDuplicate = allowDuplicate ?? false }, ct);
                ETags.Set(response, created.Version);
                return TypedResults.Created($"/api/clients/{created.Id}", created);
            })
            .RequireAuthorization(Policies.RegisterClient)
            .WithSummary("Register a client; 409 probable_duplicate when one with the same name and date of birth exists, unless ?allowDuplicate=true.");

        api.MapGet("/", async (string? search, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SearchClients(search, limit, cursor), ct)))
            .RequireAuthorization(Policies.ReadClients)
            .WithSummary("Search the whole chain by name prefix, phone (any formatting) or email.");

        api.MapGet("/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                Versioned(response, await mediator.Send(new GetClient(id), ct)))
            .RequireAuthorization(Policies.ReadClients)
            .WithSummary("The client with health history, consents and booking status; ETag for updates.");

        api.MapPut("/{id:guid}", async (Guid id, UpdateClient command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Versioned(response, await mediator.Send(command with { ClientId = id, IfMatch = ETags.RequireIfMatch(request) }, ct)))
            .RequireAuthorization(Policies.ChangeClient)
            .WithSummary("Replace the client's details; needs If-Match (428 without, 409 stale_write when it changed).");

        api.MapPut("/{id:guid}/health-history",
                async (Guid id, RecordHealthHistory command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                    Versioned(response, await mediator.Send(command with { ClientId = id, IfMatch = ETags.RequireIfMatch(request) }, ct)))
            .RequireAuthorization(Policies.ChangeClient)
            .WithSummary("Replace the health history; needs If-Match. A contraindication without clearance blocks booking.");

        api.MapPost("/{id:guid}/consents", async (Guid id, RecordConsent command, IMediator mediator, CancellationToken ct) =>
            {
                var consent = await mediator.Send(command with { ClientId = id }, ct);
                return TypedResults.Created($"/api/clients/{id}", consent);
            })
            .RequireAuthorization(Policies.ChangeClient)
            .WithSummary("Record a signed consent (treatment, privacy).");

        return api;
    }

    private static Ok<ClientView> Versioned(HttpResponse response, ClientView client)
    {
        ETags.Set(response, client.Version);
        return TypedResults.Ok(client);
    }
}
