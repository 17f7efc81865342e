using Credentials.Api.Extensions;
using Credentials.Api.Features.Certifications;
using Credentials.Api.Features.Eligibility;
using Credentials.Api.Features.Licenses;
using Credentials.Api.Features.Practitioners;
using Mediator;
using Platform.ServiceDefaults.Http;

namespace Credentials.Api.Apis;

public static class PractitionersApi
{
    public static RouteGroupBuilder MapPractitionersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/practitioners").WithTags("Practitioners");

        api.MapPost("/", async (RegisterPractitioner command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        {
            var created = await mediator.Send(command, ct);
            ETags.Set(response, created.Version);
            return TypedResults.Created($"/api/practitioners/{created.Id}", created);
        }).RequireAuthorization(Policies.ManagePractitioners);

        api.MapGet("/", async (string? search, string? jurisdiction, string? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListPractitioners(search, jurisdiction, Args.Int(limit, "limit"), cursor), ct)))
            .RequireAuthorization(Policies.ReadPractitioners);

        api.MapGet("/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        {
            var practitioner = await mediator.Send(new GetPractitioner(id), ct);
            ETags.Set(response, practitioner.Version);
            return TypedResults.Ok(practitioner);
        }).RequireAuthorization(Policies.ReadPractitioners);

        api.MapPut("/{id:guid}", async (Guid id, UpdatePractitioner command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
        {
            var updated = await mediator.Send(command with { Id = id, Version = ETags.RequireIfMatch(request) }, ct);
            ETags.Set(response, updated.Version);
            return TypedResults.Ok(updated);
        }).RequireAuthorization(Policies.ManagePractitioners);

        api.MapPost("/{id:guid}/licenses", async (Guid id, AddLicense command, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command with { PractitionerId = id }, ct);
            return TypedResults.Created($"/api/practitioners/{id}/licenses/{created.Id}", created);
        }).RequireAuthorization(Policies.OnboardCredentials);

        api.MapGet("/{id:guid}/licenses/{licenseId:guid}", async (Guid id, Guid licenseId, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetLicense(id, licenseId), ct)))
            .RequireAuthorization(Policies.ReadPractitioners);

        api.MapPost("/{id:guid}/licenses/{licenseId:guid}/verifications",
            async (Guid id, Guid licenseId, RecordVerification command, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(command with { PractitionerId = id, LicenseId = licenseId }, ct);
                return TypedResults.Created($"/api/practitioners/{id}/licenses/{licenseId}", created);
            })
            .RequireAuthorization(Policies.VerifyLicenses);

        api.MapPost("/{id:guid}/licenses/{licenseId:guid}/status",
            async (Guid id, Guid licenseId, ChangeLicenseStatus command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { PractitionerId = id, LicenseId = licenseId }, ct)))
            .RequireAuthorization(Policies.VerifyLicenses);

        api.MapPost("/{id:guid}/licenses/{licenseId:guid}/renewal",
            async (Guid id, Guid licenseId, RenewLicense command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { PractitionerId = id, LicenseId = licenseId }, ct)))
            .RequireAuthorization(Policies.OnboardCredentials);

        api.MapPost("/{id:guid}/certifications", async (Guid id, AddCertification command, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command with { PractitionerId = id }, ct);
            return TypedResults.Created($"/api/practitioners/{id}", created);
        }).RequireAuthorization(Policies.OnboardCredentials);

        api.MapGet("/{id:guid}/eligibility",
            async (Guid id, string? jurisdiction, string? on, string? technique, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new CheckEligibility(id, jurisdiction, Args.Date(on, "on"), technique), ct)))
            .RequireAuthorization(Policies.CheckEligibility);

        return api;
    }
}
