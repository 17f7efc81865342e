using System.Text.Json;

namespace Clients.Api.Domain;

/// <summary>Contraindications to massage that need a physician's clearance before booking (the fixed list of API.md).</summary>
public enum Contraindication
{
    Dvt,
    RecentFracture,
    SevereOsteoporosis,
    ActiveCancer,
    Pregnancy,
    SkinInfection,
    RecentSurgery,
}

public enum ConsentType
{
    Treatment,
    Privacy,
}

/// <summary>The lower-case kebab code an enumeration value travels and is stored as (<c>recent-fracture</c>).</summary>
public static class Codes
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static TEnum Parse<TEnum>(string code) where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (Of(value) == code) return value;
        }

        throw new ArgumentOutOfRangeException(nameof(code), $"'{code}' is not a {typeof(TEnum).Name} code.");
    }

    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of).ToArray();
}
