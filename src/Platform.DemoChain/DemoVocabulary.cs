namespace Platform.DemoChain;

/// <summary>
/// The codes the demo chain uses: the platform's shared vocabularies (API.md) and the clinical codes of
/// DOMAIN.md. One place, so the seeders and the tests agree.
/// </summary>
public static class DemoVocabulary
{
    // Techniques and the certifications they require (API.md).
    public const string Swedish = "swedish";
    public const string DeepTissue = "deep-tissue";
    public const string TriggerPoint = "trigger-point";
    public const string MyofascialRelease = "myofascial-release";
    public const string Neuromuscular = "neuromuscular";
    public const string LymphaticDrainage = "lymphatic-drainage";
    public const string Prenatal = "prenatal";
    public const string Sports = "sports";

    public const string Ncbtmb = "NCBTMB";
    public const string Mld = "MLD";
    public const string PrenatalCertification = "PRENATAL";

    public static IReadOnlyList<string> RequiredCertifications(string? technique) => technique switch
    {
        LymphaticDrainage => [Mld],
        Prenatal => [PrenatalCertification],
        _ => [],
    };

    // Services and appointment statuses.
    public const string InitialAssessment = "initial-assessment";
    public const string Treatment30 = "treatment-30";
    public const string Treatment60 = "treatment-60";
    public const string Treatment90 = "treatment-90";

    public const string Booked = "booked";
    public const string CheckedIn = "checked-in";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string NoShow = "no-show";

    public static string TreatmentService(int minutes) => minutes switch
    {
        30 => Treatment30,
        60 => Treatment60,
        90 => Treatment90,
        _ => throw new ArgumentOutOfRangeException(nameof(minutes), minutes, "Treatments last 30, 60 or 90 minutes."),
    };

    // Credentials.
    public const string Verified = "verified";
    public const string Discrepancy = "discrepancy";

    // Clients.
    public const string ConsentTreatment = "treatment";
    public const string ConsentPrivacy = "privacy";

    public const string Dvt = "dvt";
    public const string RecentFracture = "recent-fracture";
    public const string SevereOsteoporosis = "severe-osteoporosis";
    public const string ActiveCancer = "active-cancer";
    public const string Pregnancy = "pregnancy";
    public const string SkinInfection = "skin-infection";
    public const string RecentSurgery = "recent-surgery";

    public static readonly IReadOnlyList<string> Contraindications =
        [Dvt, RecentFracture, SevereOsteoporosis, ActiveCancer, Pregnancy, SkinInfection, RecentSurgery];

    // Referrals: lifecycle (DESIGN.md), physician credentials, CPT (DOMAIN.md).
    public const string Submitted = "submitted";
    public const string Rejected = "rejected";
    public const string Active = "active";
    public const string Exhausted = "exhausted";
    public const string Expired = "expired";
    public const string ReferralCompleted = "completed";

    public static readonly IReadOnlyList<string> ReferralStatuses = [Submitted, Rejected, Active, Exhausted, Expired, ReferralCompleted];

    public static readonly IReadOnlyList<string> PhysicianCredentials = ["MD", "DO", "DC", "PT", "NP", "PA"];

    public const string CptMassage = "97124";
    public const string CptManualTherapy = "97140";
    public const string CptTherapeuticExercise = "97112";
    public const string CptTherapeuticActivities = "97530";

    // Outcome instruments (ClinicalNotes) and note kinds.
    public const string Odi = "ODI";
    public const string Ndi = "NDI";
    public const string Fiqr = "FIQR";

    public const string NoteInitialAssessment = "initial-assessment";
    public const string NoteTreatment = "treatment";

    /// <summary>The body regions a plan or prescription may name (the platform's one list).</summary>
    public static readonly IReadOnlyList<string> BodyRegions =
    [
        "head", "face-jaw", "neck",
        "shoulder-left", "shoulder-right",
        "upper-back", "mid-back", "lower-back", "sacrum",
        "chest", "abdomen",
        "upper-arm-left", "upper-arm-right",
        "forearm-hand-left", "forearm-hand-right",
        "hip-gluteal-left", "hip-gluteal-right",
        "thigh-left", "thigh-right",
        "knee-left", "knee-right",
        "lower-leg-foot-left", "lower-leg-foot-right",
    ];

    /// <summary>
    /// The upper end of the normal range (degrees) of the movements the demo measures (the AAOS tables
    /// ClinicalNotes checks against); a measurement improves towards it and never passes it.
    /// </summary>
    public static int NormalRangeOfMotion(string joint, string movement) => (joint.Split('-')[0], movement) switch
    {
        ("cervical", "flexion") => 80,
        ("cervical", "extension") => 70,
        ("cervical", _) when movement.StartsWith("lateral-flexion", StringComparison.Ordinal) => 45,
        ("cervical", _) => 90,
        ("thoracic", "flexion") => 50,
        ("thoracic", _) => 40,
        ("lumbar", "flexion") => 60,
        ("lumbar", "extension") => 30,
        ("lumbar", _) => 25,
        ("hip", "flexion") => 120,
        ("hip", _) => 45,
        ("knee", "flexion") => 150,
        ("knee", _) => 10,
        _ => throw new ArgumentException($"No normal range recorded for {joint} {movement}."),
    };
}

/// <summary>
/// A condition physicians prescribe medical massage for (DOMAIN.md), with what follows from it: the
/// ICD-10-CM codes, the usual prescription, the areas treated, the outcome instrument, what notes say.
/// </summary>
public sealed record Condition(
    string Key,
    IReadOnlyList<string> Icd10,
    string ChiefComplaint,
    IReadOnlyList<string> BodyRegions,
    IReadOnlyList<string> Techniques,
    IReadOnlyList<string> CptCodes,
    string? OutcomeInstrument,
    decimal OutcomeStart,
    IReadOnlyList<DemoRangeOfMotion> RangeOfMotionBaseline,
    string Posture,
    string Palpation,
    string HomeCare,
    int FrequencyPerWeek,
    int DurationWeeks,
    int SessionMinutes,
    string MedicalNecessity);

public static class Conditions
{
    public static readonly Condition LowBackPain = new(
        "low-back-pain", ["M54.50", "M62.830"],
        "Dull aching low back pain, worse after sitting at work and on bending.",
        ["lower-back", "sacrum", "hip-gluteal-left", "hip-gluteal-right"],
        [DemoVocabulary.MyofascialRelease, DemoVocabulary.DeepTissue, DemoVocabulary.TriggerPoint],
        [DemoVocabulary.CptManualTherapy, DemoVocabulary.CptMassage],
        DemoVocabulary.Odi, 38,
        [new("lumbar-spine", "flexion", 40), new("lumbar-spine", "extension", 15), new("lumbar-spine", "lateral-flexion-left", 15), new("lumbar-spine", "lateral-flexion-right", 18)],
        "Mild anterior pelvic tilt, increased lumbar lordosis; guarded forward bending.",
        "Hypertonic bilateral lumbar erector spinae and quadratus lumborum; active trigger points in the gluteus medius.",
        "Pelvic tilts and knee-to-chest stretch twice daily; heat 15 minutes after work; walk 20 minutes a day.",
        2, 6, 60,
        "Chronic mechanical low back pain limiting work and sleep; manual therapy to reduce muscle guarding and restore lumbar mobility.");

    public static readonly Condition NeckPain = new(
        "neck-pain", ["M54.2"],
        "Stiff, painful neck radiating to the shoulders; hard to turn the head while driving.",
        ["neck", "upper-back", "shoulder-left", "shoulder-right"],
        [DemoVocabulary.TriggerPoint, DemoVocabulary.MyofascialRelease, DemoVocabulary.Swedish],
        [DemoVocabulary.CptManualTherapy, DemoVocabulary.CptMassage],
        DemoVocabulary.Ndi, 18,
        [new("cervical-spine", "rotation-left", 55), new("cervical-spine", "rotation-right", 50), new("cervical-spine", "flexion", 45), new("cervical-spine", "extension", 40)],
        "Forward head posture, rounded shoulders, elevated right shoulder.",
        "Taut bands in the upper trapezius and levator scapulae bilaterally, tender suboccipitals.",
        "Chin tucks and doorway pectoral stretch three times daily; screen at eye level.",
        2, 5, 60,
        "Cervicalgia with reduced cervical rotation; soft-tissue treatment to reduce pain and restore range of motion.");

    public static readonly Condition Fibromyalgia = new(
        "fibromyalgia", ["M79.7"],
        "Widespread aching and fatigue, poor sleep, tender spots across the back and shoulders.",
        ["neck", "upper-back", "mid-back", "lower-back", "shoulder-left", "shoulder-right"],
        [DemoVocabulary.Swedish, DemoVocabulary.MyofascialRelease],
        [DemoVocabulary.CptMassage],
        DemoVocabulary.Fiqr, 62,
        [new("cervical-spine", "rotation-left", 65), new("cervical-spine", "rotation-right", 65), new("lumbar-spine", "flexion", 50)],
        "Generalized guarding, shoulders protracted; otherwise unremarkable.",
        "Diffuse tenderness at 14 of 18 tender points; light pressure tolerated best.",
        "Gentle stretching and a warm bath in the evening; pace activities; keep a sleep routine.",
        2, 5, 30,
        "Fibromyalgia with widespread pain and sleep disturbance; gentle massage to reduce pain and improve function.");

    public static readonly Condition TensionHeadache = new(
        "tension-headache", ["G44.209", "M54.2"],
        "Band-like headaches three to four times a week, starting in the neck in the afternoon.",
        ["head", "neck", "shoulder-left", "shoulder-right"],
        [DemoVocabulary.TriggerPoint, DemoVocabulary.Neuromuscular, DemoVocabulary.Swedish],
        [DemoVocabulary.CptManualTherapy, DemoVocabulary.CptMassage],
        DemoVocabulary.Ndi, 14,
        [new("cervical-spine", "rotation-left", 60), new("cervical-spine", "rotation-right", 58), new("cervical-spine", "extension", 45)],
        "Forward head posture; jaw clenching noted.",
        "Trigger points in the suboccipitals, upper trapezius and temporalis reproduce the headache.",
        "Hourly posture breaks at the desk, self-massage of the suboccipitals, hydration.",
        1, 8, 60,
        "Tension-type headache of cervical myofascial origin; trigger point therapy to reduce headache frequency.");

    public static readonly Condition PostSurgical = new(
        "post-surgical", ["Z98.890", "M25.662"],
        "Swelling and stiffness of the knee six weeks after arthroscopic surgery.",
        ["knee-left", "thigh-left", "lower-leg-foot-left"],
        [DemoVocabulary.LymphaticDrainage, DemoVocabulary.Swedish],
        [DemoVocabulary.CptManualTherapy, DemoVocabulary.CptTherapeuticActivities],
        null, 0,
        [new("knee-left", "flexion", 95), new("knee-left", "extension", 5)],
        "Antalgic gait, favouring the left leg; visible swelling around the left knee.",
        "Pitting oedema around the left knee, scar tissue adhesions at the portal sites.",
        "Elevate the leg and pump the ankle hourly; compression stocking during the day.",
        2, 4, 60,
        "Post-operative oedema and stiffness after knee arthroscopy; manual lymphatic drainage to reduce swelling.");

    public static readonly Condition Osteoarthritis = new(
        "osteoarthritis", ["M17.11", "M16.11"],
        "Aching hip and knee, stiff in the morning for half an hour, worse on stairs.",
        ["hip-gluteal-right", "thigh-right", "knee-right"],
        [DemoVocabulary.Swedish, DemoVocabulary.MyofascialRelease],
        [DemoVocabulary.CptMassage, DemoVocabulary.CptTherapeuticExercise],
        null, 0,
        [new("hip-right", "flexion", 95), new("hip-right", "internal-rotation", 20), new("knee-right", "flexion", 115)],
        "Slight flexion at the right hip in standing; reduced stride length.",
        "Tight right hip flexors and iliotibial band; tender medial knee joint line.",
        "Stationary cycling 15 minutes a day; quadriceps sets; warm shower in the morning.",
        1, 10, 60,
        "Osteoarthritis of the right hip and knee; massage to reduce pain and stiffness and support mobility.");

    public static readonly Condition SportsStrain = new(
        "sports-strain", ["S39.012A", "M62.830"],
        "Pulled muscle in the low back lifting weights; sharp on twisting.",
        ["lower-back", "mid-back", "hip-gluteal-left"],
        [DemoVocabulary.Sports, DemoVocabulary.DeepTissue],
        [DemoVocabulary.CptManualTherapy, DemoVocabulary.CptTherapeuticActivities],
        DemoVocabulary.Odi, 30,
        [new("lumbar-spine", "flexion", 35), new("thoracic-spine", "rotation-left", 25), new("thoracic-spine", "rotation-right", 30)],
        "Protective lateral shift to the right.",
        "Spasm of the left lumbar paraspinals, tender thoracolumbar fascia.",
        "Relative rest from lifting for two weeks, gentle cat-camel, ice after activity.",
        2, 4, 60,
        "Acute lumbar muscle strain; soft-tissue treatment to reduce spasm and return to training.");

    /// <summary>Prescribed conditions with their weight among referrals.</summary>
    public static readonly IReadOnlyList<(Condition Condition, int Weight)> Prescribed =
    [
        (LowBackPain, 30), (NeckPain, 20), (Fibromyalgia, 12), (TensionHeadache, 10), (PostSurgical, 8), (Osteoarthritis, 10), (SportsStrain, 10),
    ];

    /// <summary>What self-paying clients come in for without a prescription.</summary>
    public static readonly IReadOnlyList<Condition> Wellness = [NeckPain, LowBackPain, TensionHeadache];
}
