using Clients.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Clients.Api.Infrastructure;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> client)
    {
        client.ToTable("clients", table =>
        {
            table.HasCheckConstraint("ck_clients_date_of_birth", "date_of_birth >= DATE '1900-01-01'");
            table.HasCheckConstraint("ck_clients_phone_e164", @"phone ~ '^\+[1-9][0-9]{7,14}$'");
            table.HasCheckConstraint("ck_clients_name_keys", "name_last_first <> '' AND name_first_last <> ''");
            table.HasCheckConstraint("ck_clients_contraindications",
                $"contraindications <@ ARRAY[{string.Join(", ", Codes.All<Contraindication>().Select(c => $"'{c}'"))}]::text[]");
            table.HasCheckConstraint("ck_clients_clearance_npi", "clearance_physician_npi ~ '^[0-9]{10}$'");
            table.HasCheckConstraint("ck_clients_clearance_whole",
                "(clearance_physician_npi IS NULL) = (clearance_cleared_on IS NULL) AND (clearance_physician_npi IS NULL) = (clearance_recorded_at IS NULL)");
        });
        client.HasKey(c => c.Id);
        client.Property(c => c.Id).ValueGeneratedNever();
        client.Property(c => c.FirstName).HasMaxLength(InputRules.NameMaxLength);
        client.Property(c => c.LastName).HasMaxLength(InputRules.NameMaxLength);
        client.Property(c => c.Email).HasMaxLength(InputRules.EmailMaxLength);
        client.Property(c => c.Phone).HasMaxLength(16);

        // Search keys in the "C" collation: a btree index then serves both the prefix range
        // (key >= 'gar' AND key < 'gas') and the ORDER BY of keyset paging.
        client.Property(c => c.NameLastFirst).HasMaxLength(2 * InputRules.NameMaxLength + 1).UseCollation("C");
        client.Property(c => c.NameFirstLast).HasMaxLength(2 * InputRules.NameMaxLength + 1).UseCollation("C");
        client.HasIndex(c => new { c.NameLastFirst, c.Id });
        client.HasIndex(c => new { c.NameFirstLast, c.Id });
        client.HasIndex(c => c.Phone).HasFilter("phone IS NOT NULL");
        // lower(email) is indexed by the migration (an expression index).

        client.ComplexProperty(c => c.Insurance, insurance =>
        {
            insurance.Property(i => i.Payer).HasColumnName("insurance_payer").HasMaxLength(InputRules.PayerMaxLength);
            insurance.Property(i => i.MemberId).HasColumnName("insurance_member_id").HasMaxLength(InputRules.MemberIdMaxLength);
        });

        client.PrimitiveCollection(c => c.Conditions);
        client.PrimitiveCollection(c => c.Medications);
        client.PrimitiveCollection(c => c.Contraindications).ElementType(e => e.HasConversion(new CodeConverter<Contraindication>()));
        client.ComplexProperty(c => c.Clearance, clearance =>
        {
            clearance.Property(c => c.PhysicianNpi).HasColumnName("clearance_physician_npi").HasMaxLength(10);
            clearance.Property(c => c.ClearedOn).HasColumnName("clearance_cleared_on");
            clearance.Property(c => c.Note).HasColumnName("clearance_note").HasMaxLength(InputRules.ClearanceNoteMaxLength);
            clearance.Property(c => c.RecordedAt).HasColumnName("clearance_recorded_at");
        });

        client.Property(c => c.CreatedBy).HasMaxLength(200);
        client.Property(c => c.UpdatedBy).HasMaxLength(200);
        client.Property(c => c.Version).IsRowVersion();

        client.HasMany(c => c.Consents).WithOne().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> consent)
    {
        consent.ToTable("consents", table => table.HasCheckConstraint(
            "ck_consents_type", $"type IN ({string.Join(", ", Codes.All<ConsentType>().Select(c => $"'{c}'"))})"));
        consent.HasKey(c => c.Id);
        consent.Property(c => c.Id).ValueGeneratedNever();
        consent.Property(c => c.Type).HasConversion(new CodeConverter<ConsentType>()).HasMaxLength(20);
        consent.Property(c => c.RecordedBy).HasMaxLength(200);
        consent.HasIndex(c => new { c.ClientId, c.Type });
    }
}

/// <summary>Stores an enumeration as its wire code (<c>recent-fracture</c>), so SQL reads like the API.</summary>
internal sealed class CodeConverter<TEnum>() : ValueConverter<TEnum, string>(v => Codes.Of(v), v => Codes.Parse<TEnum>(v))
    where TEnum : struct, Enum;
