using ClinicalNotes.Api.Domain;

namespace ClinicalNotes.Tests.Domain;

/// <summary>Notes built in memory for the domain unit tests.</summary>
internal static class DomainSamples
{
    public static NoteContent CompleteContent() => new(
        new Subjective("low back pain \"sharp\" on the right", 7),
        new Objective("anterior pelvic tilt",
            [new RangeOfMotionMeasurement("lumbar-spine", "flexion", 45), new RangeOfMotionMeasurement("hip-right", "flexion", 100)],
            "hypertonic QL"),
        "mechanical low back pain",
        new Plan(["trigger-point", "deep-tissue"], ["lower-back", "hip-gluteal-right"], "heat, stretches"),
        4,
        [new OutcomeMeasure("ODI", 42.5m)]);

    public static SealedNote Sealed(int sequence = 1, string? previousHash = null, NoteContent? content = null) => new(
        Guid.Parse("01936f0e-1111-7000-8000-000000000001"),
        Guid.Parse("01936f0e-2222-7000-8000-000000000002"),
        Guid.Parse("01936f0e-3333-7000-8000-000000000003"),
        null,
        NoteKinds.Treatment,
        "therapist-a",
        "therapist-a",
        new DateTimeOffset(2025, 3, 4, 14, 5, 9, TimeSpan.Zero).AddTicks(1234560),
        sequence,
        previousHash,
        content ?? CompleteContent());

    public static ClinicalNote Draft(string author = "therapist-a", NoteContent? content = null, Guid? clientId = null) =>
        ClinicalNote.Draft(new Visit(Guid.NewGuid(), clientId ?? Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()), null, NoteKinds.Treatment, content ?? CompleteContent(), author,
            new DateTimeOffset(2025, 3, 4, 14, 0, 0, TimeSpan.Zero));
}
