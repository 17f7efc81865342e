using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;
using Referrals.Api.Domain;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Features.Physicians;

/// <summary>Registers a referring physician; an NPI identifies one physician (409 <c>duplicate_npi</c> for a second).</summary>
public sealed record RegisterPhysician(
    string? Npi, string? FirstName, string? LastName, string? Credential, string? PracticeName, string? Phone, string? Fax)
    : ICommand<PhysicianView>;

internal sealed class RegisterPhysicianValidator : AbstractValidator<RegisterPhysician>
{
    public RegisterPhysicianValidator()
    {
        RuleFor(x => x.Npi).NotEmpty().Must(Npi.IsValid).WithMessage(Npi.Rule);
        RuleFor(x => x.FirstName).Name();
        RuleFor(x => x.LastName).Name();
        RuleFor(x => x.Credential).NotEmpty().Must(c => Vocabulary.Contains(PhysicianCredentials.All, c))
            .WithMessage($"Must be one of {Vocabulary.Describe(PhysicianCredentials.All)}.");
        RuleFor(x => x.PracticeName).Text(Physician.PracticeNameMaxLength);
        RuleFor(x => x.Phone).Phone();
        RuleFor(x => x.Fax).Phone();
    }
}

internal sealed class RegisterPhysicianHandler(ReferralsDbContext db, CurrentUser user, TimeProvider clock)
    : ICommandHandler<RegisterPhysician, PhysicianView>
{
    public async ValueTask<PhysicianView> Handle(RegisterPhysician command, CancellationToken cancellationToken)
    {
        var physician = Physician.Register(command.Npi!, command.FirstName!.Trim(), command.LastName!.Trim(), command.Credential!,
            command.PracticeName!.Trim(), PhoneNumbers.ToE164(command.Phone)!, PhoneNumbers.ToE164(command.Fax)!, user.Id, clock.GetUtcNow());
        db.Physicians.Add(physician);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(PhysicianConfiguration.UniqueNpi))
        {
            db.ChangeTracker.Clear();
            var existing = await db.Physicians.Where(p => p.Npi == command.Npi).Select(p => p.Id).FirstOrDefaultAsync(cancellationToken);
            throw new ConflictException("duplicate_npi",
                "A physician with this NPI is already registered; use that physician's id instead of registering again.",
                new Dictionary<string, object?> { ["physicianId"] = existing });
        }

        return PhysicianView.From(physician);
    }
}
