using System.Text.RegularExpressions;
using Credentials.Api.Domain;
using Credentials.Api.Infrastructure;
using Credentials.Api.Infrastructure.Configurations;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;

namespace Credentials.Api.Features.Licenses;

/// <summary>Records a licence a practitioner holds; it starts active and unverified.</summary>
public sealed record AddLicense(
    string? Jurisdiction, string? LicenseNumber, string? LicenseType, string? IssuingBoard, DateOnly? IssuedOn, DateOnly? ExpiresOn)
    : ICommand<LicenseView>
{
    public Guid PractitionerId { get; init; }
}

internal sealed partial class AddLicenseValidator : AbstractValidator<AddLicense>
{
    /// <summary>No board issues a licence for longer; a later expiry is a typing error.</summary>
    public const int MaxYears = 10;

    public AddLicenseValidator(TimeProvider clock)
    {
        RuleFor(x => x.Jurisdiction).Jurisdiction();
        RuleFor(x => x.LicenseNumber).Text(40)
            .Must(n => LicenseNumber().IsMatch(n!.Trim())).WithMessage("Letters, digits, spaces, '.', '/' and '-' only, as the board writes it, for example MA12345.");
        RuleFor(x => x.LicenseType).Cascade(CascadeMode.Stop).NotEmpty()
            .Must(t => LicenseType().IsMatch(t!.Trim())).WithMessage("2 to 10 letters, the board's title for the licence, for example LMT or RMT.");
        RuleFor(x => x.IssuingBoard).Text(200);
        RuleFor(x => x.IssuedOn).PastDay(clock);
        RuleFor(x => x.ExpiresOn).NotNull();
        RuleFor(x => x.ExpiresOn).Cascade(CascadeMode.Stop)
            .GreaterThan(x => x.IssuedOn).WithMessage("Must be after issuedOn: a licence expires after it is issued.")
            .Must((x, expires) => expires <= x.IssuedOn!.Value.AddYears(MaxYears))
            .WithMessage($"Must be within {MaxYears} years of issuedOn.")
            .When(x => x.IssuedOn is not null && x.ExpiresOn is not null);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 ./-]*$")]
    private static partial Regex LicenseNumber();

    [GeneratedRegex("^[A-Za-z]{2,10}$")]
    private static partial Regex LicenseType();
}

internal sealed class AddLicenseHandler(CredentialsDbContext db, TimeProvider clock) : ICommandHandler<AddLicense, LicenseView>
{
    public async ValueTask<LicenseView> Handle(AddLicense command, CancellationToken cancellationToken)
    {
        if (!await db.Practitioners.AnyAsync(p => p.Id == command.PractitionerId, cancellationToken))
        {
            throw new NotFoundException("Practitioner", command.PractitionerId);
        }

        var now = clock.GetUtcNow();
        var license = License.Record(
            command.PractitionerId, Jurisdictions.Get(command.Jurisdiction!), command.LicenseType!, command.LicenseNumber!, command.IssuingBoard!,
            command.IssuedOn!.Value, command.ExpiresOn!.Value, now);
        db.Licenses.Add(license);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(LicenseConfiguration.UniqueNumber))
        {
            db.ChangeTracker.Clear();
            var existing = await db.Licenses.AsNoTracking()
                .Where(l => l.Jurisdiction == license.Jurisdiction && l.LicenseType == license.LicenseType && l.LicenseNumber == license.LicenseNumber)
                .Select(l => new { l.Id, l.PractitionerId })
                .FirstOrDefaultAsync(cancellationToken);
            throw new ConflictException(
                "duplicate_license_number",
                $"{license.Jurisdiction} {license.LicenseType} licence number {license.LicenseNumber} is already recorded. " +
                "A licence number is unique within its jurisdiction and type: check the number, or open the existing licence.",
                new Dictionary<string, object?> { ["licenseId"] = existing?.Id, ["practitionerId"] = existing?.PractitionerId });
        }

        return LicenseView.From(license, now);
    }
}
