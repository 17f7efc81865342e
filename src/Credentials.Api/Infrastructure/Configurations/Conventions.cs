using Credentials.Api.Domain;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Credentials.Api.Infrastructure.Configurations;

/// <summary>Enumerations are stored as their lower-case wire codes, so SQL reads like the API.</summary>
internal sealed class LowerCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => WireCodes.Of(v),
    v => WireCodes.Parse<TEnum>(v))
    where TEnum : struct, Enum
{
    /// <summary>A CHECK constraint body that admits only the enumeration's codes.</summary>
    public static string CheckSql(string column) =>
        $"{column} IN ({string.Join(", ", Enum.GetValues<TEnum>().Select(v => $"'{WireCodes.Of(v)}'"))})";
}
