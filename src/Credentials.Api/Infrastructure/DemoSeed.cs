using Credentials.Api.Domain;
using Credentials.Api.Features.Licenses;
using Microsoft.EntityFrameworkCore;
using Platform.DemoChain;
using Platform.DemoChain.Seeding;

namespace Credentials.Api.Infrastructure;

/// <summary>
/// The demo chain's therapists: practitioners, their licences with primary-source verifications, their
/// certifications, written through the domain (<see cref="License.RecordVerification"/>) so the audit trail records
/// each as the interceptor always does, with <see cref="DemoIdentities.SeedUserId"/> as the actor; then the one
/// suspension through the use case's <see cref="LicenseStanding"/>, which also publishes LicenseStatusChanged.
/// </summary>
internal sealed class DemoSeed(IHttpContextAccessor httpContext, LicenseStanding standing) : IDemoSeeder<CredentialsDbContext>
{
    public Task<bool> IsSeededAsync(CredentialsDbContext db, DemoChain chain, CancellationToken cancellationToken) =>
        db.Practitioners.AnyAsync(p => p.Id == chain.Therapists[0].Id, cancellationToken);

    public async Task<int> SeedAsync(CredentialsDbContext db, DemoChain chain, CancellationToken cancellationToken)
    {
        using var actor = httpContext.ActAs(DemoIdentities.SeedUserId);
        var suspensions = new List<(DemoTherapist Therapist, DemoSuspension Suspension)>();
        foreach (var therapist in chain.Therapists)
        {
            var practitioner = db.WithId(
                Practitioner.Register(therapist.FirstName, therapist.LastName, therapist.Email, npi: null, therapist.RegisteredAt), therapist.Id);
            db.Practitioners.Add(practitioner);

            var demo = therapist.License;
            var license = db.WithId(License.Record(therapist.Id, Jurisdictions.Get(demo.Jurisdiction), demo.LicenseType, demo.LicenseNumber,
                demo.IssuingBoard, demo.IssuedOn, demo.ExpiresOn, therapist.RegisteredAt), demo.Id);
            foreach (var check in demo.Verifications)
            {
                db.WithId(license.RecordVerification(check.Source, check.VerifiedOn, WireCodes.Parse<VerificationOutcome>(check.Outcome), check.Notes,
                    check.Verifier, check.VerifiedOn.At(15)), check.Id);
            }

            db.Licenses.Add(license);
            if (demo.Suspension is { } suspension) suspensions.Add((therapist, suspension));

            foreach (var certification in therapist.Certifications)
            {
                db.Certifications.Add(db.WithId(
                    Certification.Record(therapist.Id, certification.Code, certification.IssuedOn, certification.ExpiresOn, therapist.RegisteredAt), certification.Id));
            }
        }

        var written = await db.SaveChangesAsync(cancellationToken);

        // A suspension is a change of an existing licence: its own audit record (before and after) and its event.
        foreach (var (therapist, suspension) in suspensions)
        {
            await standing.ChangeAsync(therapist.Id, therapist.License.Id, LicenseStatus.Suspended, null, suspension.Reason, cancellationToken);
            written++;
        }

        return written;
    }
}
