namespace ClinicalNotes.Api.Domain;

public sealed record Subjective(string? ChiefComplaint, int? PainBefore);

public sealed record RangeOfMotionMeasurement(string Joint, string Movement, int Degrees);

public sealed record Objective(string? Posture, IReadOnlyList<RangeOfMotionMeasurement> RangeOfMotion, string? Palpation);

public sealed record Plan(IReadOnlyList<string> Techniques, IReadOnlyList<string> BodyRegions, string? HomeCare);

public sealed record OutcomeMeasure(string Instrument, decimal Score);

/// <summary>
/// What a SOAP note says. A draft may be incomplete (the subjective part is written at intake, the rest
/// during and after the session); <see cref="MissingForSigning"/> says what must be there before signing.
/// </summary>
public sealed record NoteContent(
    Subjective Subjective,
    Objective Objective,
    string? Assessment,
    Plan Plan,
    int? PainAfter,
    IReadOnlyList<OutcomeMeasure> OutcomeMeasures)
{
    /// <summary>
    /// Sets are stored as sets: techniques and body regions without duplicates and sorted, range of
    /// motion by joint and movement, outcome measures by instrument. (The hash sorts again, so it never
    /// depends on this.)
    /// </summary>
    public NoteContent Normalized() => this with
    {
        Objective = Objective with
        {
            RangeOfMotion = Objective.RangeOfMotion
                .OrderBy(r => r.Joint, StringComparer.Ordinal).ThenBy(r => r.Movement, StringComparer.Ordinal).ToList(),
        },
        Plan = Plan with
        {
            Techniques = Plan.Techniques.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            BodyRegions = Plan.BodyRegions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        },
        OutcomeMeasures = OutcomeMeasures.OrderBy(m => m.Instrument, StringComparer.Ordinal).ToList(),
    };

    /// <summary>
    /// The fields a note must have before it is signed, as <c>missing:{field}</c> reasons. Every note needs
    /// the chief complaint, pain before and after, an assessment, and the techniques and body regions
    /// treated; an initial assessment also needs the postural assessment and at least one range-of-motion
    /// measurement (DOMAIN.md: a first visit assesses posture and range of motion).
    /// </summary>
    public IReadOnlyList<string> MissingForSigning(string kind)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(Subjective.ChiefComplaint)) missing.Add("missing:subjective.chiefComplaint");
        if (Subjective.PainBefore is null) missing.Add("missing:subjective.painBefore");
        if (kind == NoteKinds.InitialAssessment)
        {
            if (string.IsNullOrWhiteSpace(Objective.Posture)) missing.Add("missing:objective.posture");
            if (Objective.RangeOfMotion.Count == 0) missing.Add("missing:objective.rangeOfMotion");
        }

        if (string.IsNullOrWhiteSpace(Assessment)) missing.Add("missing:assessment");
        if (Plan.Techniques.Count == 0) missing.Add("missing:plan.techniques");
        if (Plan.BodyRegions.Count == 0) missing.Add("missing:plan.bodyRegions");
        if (PainAfter is null) missing.Add("missing:painAfter");
        return missing;
    }
}
