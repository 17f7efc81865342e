using Credentials.Api.Domain;
using Credentials.Api.Infrastructure;
using Credentials.Api.Infrastructure.Configurations;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;

namespace Credentials.Api.Features.Certifications;

public sealed record CertificationView(Guid Id, Guid PractitionerId, string Code, DateOnly IssuedOn, DateOnly? ExpiresOn, DateTimeOffset CreatedAt)
{
    public static CertificationView From(Certification c) => new(c.Id, c.PractitionerId, c.Code, c.IssuedOn, c.ExpiresOn, c.CreatedAt);
}

/// <summary>Records a certification (NCBTMB, MLD, PRENATAL). Without an expiry date it does not expire.</summary>
public sealed record AddCertification(string? Code, DateOnly? IssuedOn, DateOnly? ExpiresOn) : ICommand<CertificationView>
{
    public Guid PractitionerId { get; init; }
}

internal sealed class AddCertificationValidator : AbstractValidator<AddCertification>
{
    public AddCertificationValidator(TimeProvider clock)
    {
        RuleFor(x => x.Code).Cascade(CascadeMode.Stop).NotEmpty()
            .Must(c => CertificationCodes.Normalize(c) is not null).WithMessage(CertificationCodes.AllowedMessage);
        RuleFor(x => x.IssuedOn).PastDay(clock);
        RuleFor(x => x.ExpiresOn).GreaterThan(x => x.IssuedOn).When(x => x.IssuedOn is not null && x.ExpiresOn is not null)
            .WithMessage("Must be after issuedOn, or left out when the certification does not expire.");
    }
}

internal sealed class AddCertificationHandler(CredentialsDbContext db, TimeProvider clock) : ICommandHandler<AddCertification, CertificationView>
{
    public async ValueTask<CertificationView> Handle(AddCertification command, CancellationToken cancellationToken)
    {
        if (!await db.Practitioners.AnyAsync(p => p.Id == command.PractitionerId, cancellationToken))
        {
            throw new NotFoundException("Practitioner", command.PractitionerId);
        }

        var certification = Certification.Record(command.PractitionerId, command.Code!, command.IssuedOn!.Value, command.ExpiresOn, clock.GetUtcNow());
        db.Certifications.Add(certification);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(CertificationConfiguration.UniqueCertificate))
        {
            throw new ConflictException(
                "duplicate_certification",
                $"This practitioner's {certification.Code} certificate issued on {IsoDate.Of(certification.IssuedOn)} is already recorded.");
        }

        return CertificationView.From(certification);
    }
}
