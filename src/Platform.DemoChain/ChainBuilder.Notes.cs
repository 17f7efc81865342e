using Bogus;

namespace Platform.DemoChain;

/// <summary>
/// Signed SOAP notes for every completed appointment. Within a course the pain before treatment falls by
/// about half a point a visit (with the odd flare-up), every session relieves a point or more, and the
/// condition's outcome measure (ODI, NDI, FIQR) is taken at the assessment and every fourth visit, improving.
/// </summary>
internal sealed partial class ChainBuilder
{
    private IReadOnlyList<DemoNote> BuildNotes()
    {
        var random = new Randomizer(5505);
        var notes = new List<DemoNote>();
        foreach (var course in _courses)
        {
            var completed = course.Appointments.Where(a => a.Status == DemoVocabulary.Completed).OrderBy(a => a.StartsAt).ToList();
            if (completed.Count == 0) continue;
            var referral = course.Referral;
            var firstPain = referral is null ? random.Number(2, 5) : course.StartsInWindow ? random.Number(6, 8) : random.Number(4, 6);
            var drop = referral is null ? 0.15 : random.Double(0.35, 0.6);
            var outcomeStart = course.Condition.OutcomeStart + random.Number(-6, 8);
            var previous = firstPain;
            for (var v = 0; v < completed.Count; v++)
            {
                var appointment = completed[v];
                var pain = (int)Math.Round(firstPain - v * drop);
                if (v > 0 && random.Bool(0.15f)) pain++; // a flare-up
                pain = Math.Clamp(pain, 1, 10);
                if (v == completed.Count - 1 && v >= 2 && referral is not null) pain = Math.Min(pain, firstPain - 1);
                var after = Math.Max(0, pain - random.WeightedRandom(new[] { 1, 2, 3 }, [0.35f, 0.45f, 0.2f]));
                notes.Add(Note(course, appointment, v, pain, previous, firstPain, after, outcomeStart, random));
                previous = pain;
            }
        }

        return notes;
    }

    private DemoNote Note(Course course, DemoAppointment appointment, int visit, int pain, int previousPain, int firstPain, int painAfter, decimal outcomeStart, Randomizer random)
    {
        var condition = course.Condition;
        var initial = appointment.Service == DemoVocabulary.InitialAssessment;
        var measured = initial || visit % 4 == 0;
        var regions = course.Referral?.BodyRegions ?? condition.BodyRegions.Take(2).ToList();

        var complaint = initial
            ? condition.ChiefComplaint
            : pain < previousPain ? $"Feels better since the last session; pain now {pain}/10."
            : pain == previousPain ? $"About the same as last time, pain {pain}/10; stiff in the mornings."
            : $"Flare-up after a busy week; pain {pain}/10.";
        var rangeOfMotion = measured
            ? condition.RangeOfMotionBaseline.Select(r => r with { Degrees = RangeOfMotion(r, visit, random) }).ToList()
            : [];
        var improvement = firstPain - pain;
        var assessment = initial
            ? $"Findings consistent with the referral diagnosis. Pain {pain}/10 before and {painAfter}/10 after treatment; tolerated pressure well. " +
              (course.Referral is { } r ? $"Plan: {r.FrequencyPerWeek}x/week for {r.DurationWeeks} weeks as prescribed." : "Plan: regular sessions.")
            : $"Pain {pain}/10 before and {painAfter}/10 after the session. " + (improvement >= 2
                ? $"Down {improvement} points since the first visit: a clinically meaningful improvement. Continue the plan."
                : "Gradual improvement; continue the plan and reassess in two visits.");
        var outcomes = measured && condition.OutcomeInstrument is { } instrument
            ? [new DemoOutcome(instrument, OutcomeScore(instrument, outcomeStart, visit, random))]
            : Array.Empty<DemoOutcome>();
        var techniques = appointment.Technique is { } technique && random.Bool(0.6f)
            ? new[] { technique }
            : new[] { appointment.Technique ?? DemoVocabulary.Swedish }.Concat(condition.Techniques.Where(t => DemoVocabulary.RequiredCertifications(t).Count == 0).Take(1)).Distinct().ToArray();

        var written = appointment.EndsAt.AddMinutes(2);
        return new DemoNote(
            DemoIds.For($"note/{appointment.Id}"), appointment.Id, appointment.ClientId, appointment.ReferralId, appointment.PractitionerId,
            initial ? DemoVocabulary.NoteInitialAssessment : DemoVocabulary.NoteTreatment,
            complaint, pain, initial ? condition.Posture : null, rangeOfMotion,
            initial ? condition.Palpation : random.ArrayElement(new[]
            {
                "Less guarding; tone reduced in the treated areas.", "Residual tenderness over the same points, less intense.",
                "Tissue more pliable; trigger points release faster.",
            }),
            assessment, techniques, regions, condition.HomeCare, painAfter, outcomes, written, written.AddMinutes(random.Number(5, 45)));
    }

    /// <summary>A measurement a tenth of the way closer to normal each visit, give or take a few degrees, never past normal.</summary>
    private static int RangeOfMotion(DemoRangeOfMotion baseline, int visit, Randomizer random)
    {
        var normal = DemoVocabulary.NormalRangeOfMotion(baseline.Joint, baseline.Movement);
        var degrees = baseline.Degrees + (normal - baseline.Degrees) * Math.Min(1, visit * 0.1) + random.Number(-2, 2);
        return (int)Math.Clamp(Math.Round(degrees), 0, normal);
    }

    /// <summary>An outcome score: the course's start, about 6 % better each visit, on the instrument's scale and step.</summary>
    private static decimal OutcomeScore(string instrument, decimal start, int visit, Randomizer random)
    {
        var max = instrument == DemoVocabulary.Ndi ? 50m : 100m;
        var score = Math.Clamp(start * (1 - 0.06m * visit) + random.Number(-2, 2), 0, max);
        return instrument == DemoVocabulary.Odi ? Math.Round(score / 2) * 2 : Math.Round(score, instrument == DemoVocabulary.Fiqr ? 1 : 0);
    }
}
