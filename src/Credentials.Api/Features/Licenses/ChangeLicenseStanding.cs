using Credentials.Api.Domain;
using Credentials.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.Events;
using Platform.ServiceDefaults.Problems;

namespace Credentials.Api.Features.Licenses;

/// <summary>Suspends, revokes or reinstates a licence (<c>POST .../status</c>). Lapsed is not settable: it follows from the expiry date.</summary>
public sealed record ChangeLicenseStatus(string? Status, string? Reason) : ICommand<LicenseView>
{
    public Guid PractitionerId { get; init; }
    public Guid LicenseId { get; init; }
}

/// <summary>Gives a licence a new expiry date: the board renewed it, or the recorded date was wrong (<c>POST .../renewal</c>).</summary>
public sealed record RenewLicense(DateOnly? ExpiresOn, string? Reason) : ICommand<LicenseView>
{
    public Guid PractitionerId { get; init; }
    public Guid LicenseId { get; init; }
}

internal sealed class ChangeLicenseStatusValidator : AbstractValidator<ChangeLicenseStatus>
{
    public ChangeLicenseStatusValidator()
    {
        RuleFor(x => x.Status).Cascade(CascadeMode.Stop).NotEmpty()
            .Must(s => s != "lapsed").WithMessage("Lapsed cannot be set: a licence lapses by itself after its expiry date. To extend it, renew it with a new expiry date.")
            .Must(s => WireCodes.TryParse<LicenseStatus>(s, out _)).WithMessage(WireCodes.AllowedMessage<LicenseStatus>());
        RuleFor(x => x.Reason).Text(500);
    }
}

internal sealed class RenewLicenseValidator : AbstractValidator<RenewLicense>
{
    public RenewLicenseValidator()
    {
        RuleFor(x => x.ExpiresOn).NotNull();
        RuleFor(x => x.Reason).Text(500);
    }
}

internal sealed class ChangeLicenseStatusHandler(LicenseStanding standing) : ICommandHandler<ChangeLicenseStatus, LicenseView>
{
    public ValueTask<LicenseView> Handle(ChangeLicenseStatus command, CancellationToken cancellationToken)
    {
        WireCodes.TryParse<LicenseStatus>(command.Status, out var status);
        return standing.ChangeAsync(command.PractitionerId, command.LicenseId, status, null, command.Reason!, cancellationToken);
    }
}

internal sealed class RenewLicenseHandler(LicenseStanding standing) : ICommandHandler<RenewLicense, LicenseView>
{
    public ValueTask<LicenseView> Handle(RenewLicense command, CancellationToken cancellationToken) =>
        standing.ChangeAsync(command.PractitionerId, command.LicenseId, null, command.ExpiresOn, command.Reason!, cancellationToken);
}

/// <summary>
/// Every change of a licence's status or expiry goes through here, to <see cref="License.ChangeStanding"/>,
/// so there is one place where <see cref="LicenseStatusChanged"/> is published.
/// </summary>
internal sealed class LicenseStanding(CredentialsDbContext db, EventOutbox outbox, TimeProvider clock)
{
    public async ValueTask<LicenseView> ChangeAsync(
        Guid practitionerId, Guid licenseId, LicenseStatus? status, DateOnly? expiresOn, string reason, CancellationToken cancellationToken)
    {
        var license = await db.Licenses.Include(l => l.Verifications)
            .FirstOrDefaultAsync(l => l.Id == licenseId && l.PractitionerId == practitionerId, cancellationToken)
            ?? throw new NotFoundException("License", licenseId);

        var now = clock.GetUtcNow();
        var changed = license.ChangeStanding(status, expiresOn, reason, now);
        if (changed is not null)
        {
            // OUTBOX: the event commits in the same transaction as the licence and its audit record.
            outbox.Add(db, changed.LicenseId, new Events.LicenseStatusChanged
            {
                LicenseId = changed.LicenseId.ToString(),
                PractitionerId = changed.PractitionerId.ToString(),
                Jurisdiction = changed.Jurisdiction,
                PreviousStatus = WireCodes.Of(changed.PreviousStatus),
                Status = WireCodes.Of(changed.Status),
                PreviousExpiresOn = IsoDate.Of(changed.PreviousExpiresOn),
                ExpiresOn = IsoDate.Of(changed.ExpiresOn),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return LicenseView.From(license, now);
    }
}
