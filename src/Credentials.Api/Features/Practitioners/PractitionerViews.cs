using System.Text.Json.Serialization;
using Credentials.Api.Domain;
using Credentials.Api.Features.Certifications;
using Credentials.Api.Features.Licenses;

namespace Credentials.Api.Features.Practitioners;

public sealed record PractitionerView(
    Guid Id,
    string FirstName,
    string LastName,
    string Email,
    string? Npi,
    DateTimeOffset CreatedAt,
    IReadOnlyList<LicenseView> Licenses,
    IReadOnlyList<CertificationView> Certifications)
{
    /// <summary>The row version, sent as the ETag.</summary>
    [JsonIgnore]
    public uint Version { get; init; }

    public static PractitionerView From(Practitioner p, DateTimeOffset now) => new(
        p.Id, p.FirstName, p.LastName, p.Email, p.Npi, p.CreatedAt,
        p.Licenses.OrderBy(l => l.Jurisdiction).ThenBy(l => l.IssuedOn).Select(l => LicenseView.From(l, now)).ToList(),
        p.Certifications.OrderBy(c => c.Code).ThenBy(c => c.IssuedOn).Select(CertificationView.From).ToList())
    {
        Version = p.Version,
    };
}

public sealed record PractitionerSummary(Guid Id, string FirstName, string LastName, string Email, string? Npi);
