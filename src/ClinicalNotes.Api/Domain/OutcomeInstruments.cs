namespace ClinicalNotes.Api.Domain;

/// <summary>
/// A scale a note records. On every scale here a lower score is better. <see cref="MeaningfulPoints"/> and
/// <see cref="MeaningfulPercent"/> are the improvement a clinician counts as meaningful (either one is
/// enough): pain and ODI from DOMAIN.md; NDI (7.5 of 50) and FIQR (14 %) from the published minimal
/// clinically important differences.
/// </summary>
public sealed record OutcomeInstrument(string Code, string Name, decimal Min, decimal Max, decimal? MeaningfulPoints, decimal? MeaningfulPercent)
{
    public bool Contains(decimal score) => score >= Min && score <= Max;
}

public static class OutcomeInstruments
{
    /// <summary>Numeric Pain Rating Scale (LOINC 72514-3), recorded before and after each session.</summary>
    public static readonly OutcomeInstrument Pain = new("NPRS", "Numeric Pain Rating Scale", 0, 10, 2, 30);

    public static readonly OutcomeInstrument Odi = new("ODI", "Oswestry Disability Index", 0, 100, 8, 18);
    public static readonly OutcomeInstrument Ndi = new("NDI", "Neck Disability Index", 0, 50, 7.5m, null);
    public static readonly OutcomeInstrument Fiqr = new("FIQR", "Revised Fibromyalgia Impact Questionnaire", 0, 100, null, 14);

    /// <summary>The instruments a note's <c>outcomeMeasures</c> may name.</summary>
    public static readonly IReadOnlyList<OutcomeInstrument> Measures = [Odi, Ndi, Fiqr];

    public static IReadOnlyList<string> MeasureCodes { get; } = Measures.Select(m => m.Code).ToList();

    public static OutcomeInstrument? Find(string? code) => Measures.FirstOrDefault(m => m.Code == code);
}
