using System.Text.Json.Serialization;

namespace Scheduling.Api.Domain;

/// <summary>What is booked (API.md services). Each has the lengths it may last, see <see cref="ServiceCatalog"/>.</summary>
public enum ServiceCode
{
    InitialAssessment,
    [JsonStringEnumMemberName("treatment-30")] Treatment30,
    [JsonStringEnumMemberName("treatment-60")] Treatment60,
    [JsonStringEnumMemberName("treatment-90")] Treatment90,
}

/// <summary>Massage techniques (API.md). Some need a certification; Credentials judges that (booking gates).</summary>
public enum Technique
{
    Swedish,
    DeepTissue,
    TriggerPoint,
    MyofascialRelease,
    Neuromuscular,
    LymphaticDrainage,
    Prenatal,
    Sports,
}

public static class ServiceCatalog
{
    /// <summary>
    /// The durations a service may be booked for. An initial assessment (health history, posture,
    /// range of motion) takes an hour, or ninety minutes for complex cases; a treatment lasts what its
    /// name says.
    /// </summary>
    public static IReadOnlyList<int> AllowedMinutes(ServiceCode service) => service switch
    {
        ServiceCode.InitialAssessment => [60, 90],
        ServiceCode.Treatment30 => [30],
        ServiceCode.Treatment60 => [60],
        ServiceCode.Treatment90 => [90],
        _ => [],
    };

    public static bool Fits(ServiceCode service, int minutes) => AllowedMinutes(service).Contains(minutes);

    /// <summary>No appointment lasts longer; the database refuses longer ones and queries rely on it.</summary>
    public static readonly TimeSpan LongestAppointment = TimeSpan.FromHours(4);
}
