namespace ClinicalNotes.Api.Domain;

/// <summary>The anatomical bounds, in whole degrees from 0, of one movement of one joint.</summary>
public readonly record struct DegreeRange(int Min, int Max)
{
    public bool Contains(int degrees) => degrees >= Min && degrees <= Max;
}

/// <summary>
/// The one table of joints, their movements and the degrees a goniometer can read for each. Upper
/// bounds are the upper end of the standard clinical normal ranges (AAOS and AMA Guides tables; for
/// example cervical flexion 0-80, shoulder flexion 0-180, lumbar extension 0-30, hip flexion 0-120), so a
/// value above them is a typing error ("400" for "40"), not a measurement. Spinal segments are single
/// joints with sided movements; limb joints are sided (<c>shoulder-left</c>), because each side is measured
/// and charted on its own.
/// </summary>
public static class RangeOfMotionNorms
{
    private static readonly Dictionary<string, Dictionary<string, DegreeRange>> Table = Build();

    public static IReadOnlyList<string> Joints { get; } = Table.Keys.ToList();

    public static bool IsKnownJoint(string? joint) => joint is not null && Table.ContainsKey(joint);

    /// <summary>The movements measured at a joint, in table order; empty for an unknown joint.</summary>
    public static IReadOnlyList<string> MovementsOf(string? joint) =>
        joint is not null && Table.TryGetValue(joint, out var movements) ? movements.Keys.ToList() : [];

    public static bool TryGetRange(string? joint, string? movement, out DegreeRange range)
    {
        range = default;
        return joint is not null && movement is not null
            && Table.TryGetValue(joint, out var movements) && movements.TryGetValue(movement, out range);
    }

    private static Dictionary<string, Dictionary<string, DegreeRange>> Build()
    {
        var table = new Dictionary<string, Dictionary<string, DegreeRange>>(StringComparer.Ordinal)
        {
            ["cervical-spine"] = Movements(
                ("flexion", 80), ("extension", 70),
                ("lateral-flexion-left", 45), ("lateral-flexion-right", 45),
                ("rotation-left", 90), ("rotation-right", 90)),
            ["thoracic-spine"] = Movements(
                ("flexion", 50), ("rotation-left", 40), ("rotation-right", 40)),
            ["lumbar-spine"] = Movements(
                ("flexion", 60), ("extension", 30),
                ("lateral-flexion-left", 25), ("lateral-flexion-right", 25)),
        };

        var limbs = new (string Joint, Dictionary<string, DegreeRange> Movements)[]
        {
            ("shoulder", Movements(("flexion", 180), ("extension", 60), ("abduction", 180), ("adduction", 50),
                ("internal-rotation", 90), ("external-rotation", 90))),
            ("elbow", Movements(("flexion", 150), ("extension", 10))),
            ("forearm", Movements(("pronation", 90), ("supination", 90))),
            ("wrist", Movements(("flexion", 80), ("extension", 70), ("radial-deviation", 20), ("ulnar-deviation", 30))),
            ("hip", Movements(("flexion", 120), ("extension", 30), ("abduction", 45), ("adduction", 30),
                ("internal-rotation", 45), ("external-rotation", 45))),
            ("knee", Movements(("flexion", 150), ("extension", 10))),
            ("ankle", Movements(("dorsiflexion", 20), ("plantarflexion", 50), ("inversion", 35), ("eversion", 15))),
        };
        foreach (var (joint, movements) in limbs)
        {
            table[joint + "-left"] = movements;
            table[joint + "-right"] = movements;
        }

        return table;
    }

    private static Dictionary<string, DegreeRange> Movements(params (string Movement, int Max)[] movements) =>
        movements.ToDictionary(m => m.Movement, m => new DegreeRange(0, m.Max), StringComparer.Ordinal);
}
