using System.Text.Json.Serialization;
using ClinicalNotes.Api.Domain;

namespace ClinicalNotes.Api.Features.Notes;

public sealed record AddendumView(Guid Id, Guid NoteId, string Text, string Reason, string AuthorId, DateTimeOffset CreatedAt)
{
    public static AddendumView From(Addendum a) => new(a.Id, a.NoteId, a.Text, a.Reason, a.AuthorId, a.CreatedAt);
}

/// <summary>
/// A note as the API returns it. A signed note also carries its signature: who and when, its position in the
/// client's chain, the previous signed note's hash and its own. <see cref="Version"/> travels as the ETag
/// header, not in the body.
/// </summary>
public sealed record NoteView(
    Guid Id,
    Guid AppointmentId,
    Guid ClientId,
    Guid? ReferralId,
    Guid LocationId,
    Guid PractitionerId,
    string Kind,
    string Status,
    string AuthorId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Subjective Subjective,
    Objective Objective,
    string? Assessment,
    Plan Plan,
    int? PainAfter,
    IReadOnlyList<OutcomeMeasure> OutcomeMeasures,
    DateTimeOffset? SignedAt,
    string? SignedBy,
    int? ChainSequence,
    string? PreviousHash,
    string? Hash,
    IReadOnlyList<AddendumView> Addenda,
    [property: JsonIgnore] uint Version)
{
    public const string Draft = "draft";
    public const string Signed = "signed";

    public static NoteView From(ClinicalNote note)
    {
        var c = note.Content;
        return new NoteView(
            note.Id, note.AppointmentId, note.ClientId, note.ReferralId, note.LocationId, note.PractitionerId, note.Kind,
            note.IsSigned ? Signed : Draft,
            note.AuthorId, note.CreatedAt, note.UpdatedAt,
            c.Subjective, c.Objective, c.Assessment, c.Plan, c.PainAfter, c.OutcomeMeasures,
            note.SignedAt, note.SignedBy, note.ChainSequence, note.PreviousHash, note.Hash,
            note.Addenda.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).Select(AddendumView.From).ToList(),
            note.Version);
    }
}
