using System.Text.Json.Serialization;
using Clients.Api.Domain;

namespace Clients.Api.Features.Clients;

/// <summary>A client as GET /api/clients/{id} returns it.</summary>
public sealed record ClientView(
    Guid Id,
    string FirstName,
    string LastName,
    DateOnly DateOfBirth,
    string? Email,
    string? Phone,
    Guid HomeLocationId,
    InsuranceView? Insurance,
    HealthHistoryView HealthHistory,
    IReadOnlyList<ConsentView> Consents,
    BookingStatusView BookingStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Goes out as the ETag header, not in the body.</summary>
    [JsonIgnore]
    public uint Version { get; init; }

    /// <summary>Needs the client's consents loaded.</summary>
    public static ClientView From(Client client) => new(
        client.Id,
        client.FirstName,
        client.LastName,
        client.DateOfBirth,
        client.Email,
        client.Phone,
        client.HomeLocationId,
        client.Insurance is { } insurance ? new InsuranceView(insurance.Payer, insurance.MemberId) : null,
        new HealthHistoryView(
            client.Conditions,
            client.Medications,
            client.Contraindications,
            client.Clearance is { } clearance
                ? new ClearanceView(clearance.PhysicianNpi, clearance.ClearedOn, clearance.Note, clearance.RecordedAt, client.ClearanceCoversContraindications)
                : null,
            client.HealthHistoryUpdatedAt),
        client.Consents.OrderByDescending(c => c.SignedAt).Select(ConsentView.From).ToList(),
        BookingStatusView.From(client.BookingStatus()),
        client.CreatedAt,
        client.UpdatedAt)
    {
        Version = client.Version,
    };
}

public sealed record InsuranceView(string Payer, string MemberId);

public sealed record HealthHistoryView(
    IReadOnlyList<string> Conditions,
    IReadOnlyList<string> Medications,
    IReadOnlyList<Contraindication> Contraindications,
    ClearanceView? Clearance,
    DateTimeOffset? UpdatedAt);

/// <param name="CoversCurrentContraindications">False once a contraindication was added after this clearance was recorded.</param>
public sealed record ClearanceView(string PhysicianNpi, DateOnly ClearedOn, string? Note, DateTimeOffset RecordedAt, bool CoversCurrentContraindications);

public sealed record ConsentView(Guid Id, ConsentType Type, DateTimeOffset SignedAt, DateTimeOffset RecordedAt, string RecordedBy)
{
    public static ConsentView From(Consent consent) => new(consent.Id, consent.Type, consent.SignedAt, consent.RecordedAt, consent.RecordedBy);
}

/// <param name="Reasons"><c>contraindication:&lt;code&gt;</c> for each contraindication without clearance, <c>consent_missing:treatment</c>.</param>
public sealed record BookingStatusView(bool Blocked, IReadOnlyList<string> Reasons)
{
    public static BookingStatusView From(BookingStatus status) => new(status.Blocked, status.Reasons);
}
