using Credentials.Api.Domain;
using Credentials.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;

namespace Credentials.Api.Features.Licenses;

/// <summary>
/// Records a primary-source check of a licence (with the issuing board). The acting user is recorded as the
/// verifier. The latest check decides whether the licence counts as verified.
/// </summary>
public sealed record RecordVerification(string? Source, DateOnly? VerifiedOn, string? Outcome, string? Notes) : ICommand<VerificationView>
{
    public Guid PractitionerId { get; init; }
    public Guid LicenseId { get; init; }
}

internal sealed class RecordVerificationValidator : AbstractValidator<RecordVerification>
{
    public RecordVerificationValidator(TimeProvider clock)
    {
        RuleFor(x => x.Source).Text(200);
        RuleFor(x => x.VerifiedOn).PastDay(clock);
        RuleFor(x => x.Outcome).Cascade(CascadeMode.Stop).NotEmpty()
            .Must(o => WireCodes.TryParse<VerificationOutcome>(o, out _)).WithMessage(WireCodes.AllowedMessage<VerificationOutcome>());
        RuleFor(x => x.Notes).MaximumLength(2000);
    }
}

internal sealed class RecordVerificationHandler(CredentialsDbContext db, CurrentUser user, TimeProvider clock)
    : ICommandHandler<RecordVerification, VerificationView>
{
    public async ValueTask<VerificationView> Handle(RecordVerification command, CancellationToken cancellationToken)
    {
        var license = await db.Licenses
            .FirstOrDefaultAsync(l => l.Id == command.LicenseId && l.PractitionerId == command.PractitionerId, cancellationToken)
            ?? throw new NotFoundException("License", command.LicenseId);

        WireCodes.TryParse<VerificationOutcome>(command.Outcome, out var outcome);
        var record = license.RecordVerification(command.Source!, command.VerifiedOn!.Value, outcome, command.Notes, user.Id, clock.GetUtcNow());
        db.LicenseVerifications.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return VerificationView.From(record);
    }
}
