using Platform.ServiceDefaults.Security;

namespace ClinicalNotes.Api.Extensions;

/// <summary>
/// The use cases of this service and who may perform them (docs/AUTHORIZATION.md, Clinical notes). Note bodies are
/// read only by the treating side: therapists and managers of the location where the visit happened (the note's
/// <c>location_id</c>, taken from Scheduling when the note is started). Front desk, physicians, HQ auditors and
/// admins never read a body; HQ reads access logs and chain verifications (hashes only). Row scope is checked in
/// the handlers with <see cref="NoteScope"/>.
/// </summary>
public static class Policies
{
    public const string CreateNote = "notes.create";
    /// <summary>Revise and sign a draft: the author only (checked by the note itself).</summary>
    public const string WriteOwnDraft = "notes.write-own-draft";
    public const string AddAddendum = "notes.add-addendum";
    public const string ReadNotes = "notes.read";
    public const string ReadAccessLog = "notes.read-access-log";
    public const string VerifyChain = "notes.verify-chain";
    public const string ReadOutcomes = "notes.read-outcomes";

    public static IHostApplicationBuilder AddClinicalNotesAuthorization(this IHostApplicationBuilder builder) =>
        builder.AddPlatformAuthorization(options => options
            .AddUseCase(CreateNote, Roles.Therapist)
            .AddUseCase(WriteOwnDraft, Roles.Therapist)
            .AddUseCase(AddAddendum, Roles.Therapist, Roles.Manager)
            .AddUseCase(ReadNotes, Roles.Therapist, Roles.Manager)
            .AddUseCase(ReadAccessLog, Roles.Therapist, Roles.Manager, Roles.HqAuditor)
            .AddUseCase(VerifyChain, Roles.Manager, Roles.HqAuditor)
            .AddUseCase(ReadOutcomes, Roles.Therapist, Roles.Manager));
}

/// <summary>Row scope of the notes' use cases: which notes the caller's locations reach.</summary>
public static class NoteScope
{
    /// <summary>The treating therapist only writes the note of their own appointment.</summary>
    public const string NotYourAppointment = "not_your_appointment";

    /// <summary>HQ auditors see the access logs and chains of every location (never a body).</summary>
    public static bool SeesAllLocations(this CurrentUser user) => user.IsInRole(Roles.HqAuditor);

    /// <summary>403 <c>not_your_appointment</c> unless the caller is the appointment's practitioner.</summary>
    public static void RequireTreating(this CurrentUser user, Guid practitionerId)
    {
        if (user.PractitionerId == practitionerId) return;
        throw new AccessDeniedException(NotYourAppointment,
            "Only the therapist who treats this appointment writes its note. Check the appointment id; if you treated the client, " +
            "ask the front desk to put the appointment in your name first.");
    }
}
