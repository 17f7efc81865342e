using Mediator;
using Referrals.Api.Features.Physicians;
using Referrals.Api.Features.Progress;
using Referrals.Api.Features.Referrals;

namespace Referrals.Api.Apis;

/// <summary>
/// REST for the gateway. A missing body is read as an empty one, so the answer names every required field
/// instead of a bare 400.
/// </summary>
public static class ReferralsApi
{
    /// <summary>Marks the answer to a repeated submission (same <c>Idempotency-Key</c>, same body).</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IEndpointRouteBuilder MapPhysiciansApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/physicians").WithTags("Physicians");

        api.MapPost("/", async (RegisterPhysician? command, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(command ?? new RegisterPhysician(null, null, null, null, null, null, null), ct);
                return TypedResults.Created($"/api/physicians/{created.Id}", created);
            })
            .WithSummary("Register a referring physician; 400 for an invalid NPI, 409 duplicate_npi when the NPI is registered.");

        api.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetPhysician(id), ct)));

        return app;
    }

    public static IEndpointRouteBuilder MapReferralEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/referrals").WithTags("Referrals");

        api.MapPost("/", async (SubmitReferral? command, HttpRequest request, HttpResponse response, IMediator mediator, CancellationToken ct) =>
            {
                var key = Args.IdempotencyKey(request.Headers["Idempotency-Key"]);
                var (referral, replayed) = await mediator.Send((command ?? SubmitReferral.Empty) with { IdempotencyKey = key }, ct);
                if (replayed) response.Headers[ReplayedHeader] = "true";
                return TypedResults.Created($"/api/referrals/{referral.Id}", referral);
            })
            .WithSummary("Submit a prescription. Idempotency-Key header required: the same key and body answer the same referral " +
                         "(header Idempotent-Replayed: true); the same key with another body is 422 idempotency_key_reused.");

        api.MapGet("/", async (string? physicianId, string? clientId, string? status, string? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListReferrals(
                    Args.OptionalGuid(physicianId, "physicianId"), Args.OptionalGuid(clientId, "clientId"), status, Args.Int(limit, "limit"), cursor), ct)))
            .WithSummary("Referrals, newest first, by physician, client and status.");

        api.MapGet("/{id:guid}", async (Guid id, string? on, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetReferral(id, Args.OptionalDate(on, "on")), ct)))
            .WithSummary("The referral with visits {authorized, used, held, remaining} and warnings (visits_low, expiring_soon), " +
                         "as of ?on= (the location's date, YYYY-MM-DD) or today.");

        api.MapPost("/{id:guid}/accept", async (Guid id, AcceptReferral? command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send((command ?? new AcceptReferral(null)) with { ReferralId = id }, ct)))
            .WithSummary("Accept a submitted referral for a registered client: it becomes active. 409 illegal_transition otherwise.");

        api.MapPost("/{id:guid}/reject", async (Guid id, RejectReferral? command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send((command ?? new RejectReferral(null)) with { ReferralId = id }, ct)))
            .WithSummary("Reject a submitted referral; the reason is required. 409 illegal_transition otherwise.");

        api.MapPost("/{id:guid}/complete", async (Guid id, CompleteReferral? command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send((command ?? new CompleteReferral(null)) with { ReferralId = id }, ct)))
            .WithSummary("Close an accepted referral when treatment ends; no more visits can be held. 409 illegal_transition otherwise.");

        api.MapGet("/{id:guid}/progress-report", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetProgressReport(id), ct)))
            .WithSummary("Visits used, pain first/latest/trend, outcome measures first/latest/trend and notes signed, from signed notes.");

        return app;
    }
}
