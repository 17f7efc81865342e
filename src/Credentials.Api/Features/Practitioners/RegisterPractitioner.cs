using Credentials.Api.Domain;
using Credentials.Api.Infrastructure;
using Credentials.Api.Infrastructure.Configurations;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;

namespace Credentials.Api.Features.Practitioners;

public sealed record RegisterPractitioner(string? FirstName, string? LastName, string? Email, string? Npi)
    : ICommand<PractitionerView>, IPractitionerDetails;

/// <summary>What registration and correction both send.</summary>
public interface IPractitionerDetails
{
    string? FirstName { get; }
    string? LastName { get; }
    string? Email { get; }
    string? Npi { get; }
}

internal abstract class PractitionerDetailsValidator<T> : AbstractValidator<T> where T : IPractitionerDetails
{
    protected PractitionerDetailsValidator()
    {
        RuleFor(x => x.FirstName).Text(100);
        RuleFor(x => x.LastName).Text(100);
        RuleFor(x => x.Email).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(254).EmailAddress();
        RuleFor(x => x.Npi).Must(Npi.IsValid).When(x => !string.IsNullOrEmpty(x.Npi)).WithMessage(Npi.RuleMessage);
    }
}

internal sealed class RegisterPractitionerValidator : PractitionerDetailsValidator<RegisterPractitioner>;

internal sealed class RegisterPractitionerHandler(CredentialsDbContext db, TimeProvider clock) : ICommandHandler<RegisterPractitioner, PractitionerView>
{
    public async ValueTask<PractitionerView> Handle(RegisterPractitioner command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var practitioner = Practitioner.Register(command.FirstName!, command.LastName!, command.Email!, command.Npi, now);
        db.Practitioners.Add(practitioner);
        await PractitionerNpi.SaveAsync(db, practitioner.Npi, cancellationToken);
        return PractitionerView.From(practitioner, now);
    }
}

/// <summary>An NPI identifies one person: a second practitioner with the same NPI is a 409 naming the first.</summary>
internal static class PractitionerNpi
{
    public static async Task SaveAsync(CredentialsDbContext db, string? npi, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(PractitionerConfiguration.UniqueNpi))
        {
            db.ChangeTracker.Clear();
            var existing = await db.Practitioners.Where(p => p.Npi == npi).Select(p => p.Id).FirstOrDefaultAsync(cancellationToken);
            throw new ConflictException(
                "duplicate_npi",
                "A practitioner with this NPI is already registered; open that practitioner instead of registering a new one.",
                new Dictionary<string, object?> { ["practitionerId"] = existing });
        }
    }
}
