using Credentials.Api.Domain;
using Credentials.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Http;

namespace Credentials.Api.Features.Practitioners;

/// <summary>
/// Practitioners by name. <see cref="Search"/> matches the start of the last or first name, or an exact email,
/// NPI or licence number; <see cref="Jurisdiction"/> keeps those holding a licence there.
/// </summary>
public sealed record ListPractitioners(string? Search, string? Jurisdiction, int? Limit, string? Cursor) : IQuery<Page<PractitionerSummary>>;

internal sealed class ListPractitionersValidator : AbstractValidator<ListPractitioners>
{
    public ListPractitionersValidator()
    {
        RuleFor(x => x.Search).MaximumLength(100);
        RuleFor(x => x.Jurisdiction).Jurisdiction().When(x => x.Jurisdiction is not null);
    }
}

internal sealed class ListPractitionersHandler(CredentialsDbContext db) : IQueryHandler<ListPractitioners, Page<PractitionerSummary>>
{
    private sealed record Key(string LastName, string FirstName, Guid Id);

    public async ValueTask<Page<PractitionerSummary>> Handle(ListPractitioners query, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(query.Limit);
        var after = Cursor.Decode<Key>(query.Cursor);
        var practitioners = db.Practitioners.AsNoTracking();

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim();
            var prefix = EscapeLike(search) + "%";
            var code = License.NormalizeCode(search);
            practitioners = practitioners.Where(p =>
                EF.Functions.ILike(p.LastName, prefix) || EF.Functions.ILike(p.FirstName, prefix)
                || p.Email == search || p.Npi == search
                || p.Licenses.Any(l => l.LicenseNumber == code));
        }

        if (query.Jurisdiction is not null)
        {
            var jurisdiction = Jurisdictions.Get(query.Jurisdiction).Code;
            practitioners = practitioners.Where(p => p.Licenses.Any(l => l.Jurisdiction == jurisdiction));
        }

        if (after is not null)
        {
            practitioners = practitioners.Where(p =>
                string.Compare(p.LastName, after.LastName) > 0
                || (p.LastName == after.LastName && string.Compare(p.FirstName, after.FirstName) > 0)
                || (p.LastName == after.LastName && p.FirstName == after.FirstName && p.Id > after.Id));
        }

        var rows = await practitioners
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName).ThenBy(p => p.Id)
            .Take(limit + 1)
            .Select(p => new PractitionerSummary(p.Id, p.FirstName, p.LastName, p.Email, p.Npi))
            .ToListAsync(cancellationToken);
        return Cursor.ToPage(rows, limit, p => new Key(p.LastName, p.FirstName, p.Id));
    }

    private static string EscapeLike(string value) => value.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
