using Clients.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Platform.DemoChain;
using Platform.DemoChain.Seeding;

namespace Clients.Api.Infrastructure;

/// <summary>
/// The demo chain's clients, through the domain: registered, then their health history (contraindications
/// and any physician clearance, recorded as front desk would, so a clearance covers what it was recorded
/// with) and their signed consents.
/// </summary>
internal sealed class DemoSeed : IDemoSeeder<ClientsDbContext>
{
    public Task<bool> IsSeededAsync(ClientsDbContext db, DemoChain chain, CancellationToken cancellationToken) =>
        db.Clients.AnyAsync(c => c.Id == chain.Clients[0].Id, cancellationToken);

    public async Task<int> SeedAsync(ClientsDbContext db, DemoChain chain, CancellationToken cancellationToken)
    {
        const string who = DemoIdentities.SeedUserId;
        foreach (var demo in chain.Clients)
        {
            var phone = demo.Phone is null ? null : PhoneNumbers.ToE164(demo.Phone) ?? throw new InvalidOperationException($"Demo client {demo.Id}: phone is not a phone number.");
            var client = db.WithId(Client.Register(
                new ClientDetails(demo.FirstName, demo.LastName, demo.DateOfBirth, demo.Email, phone, demo.HomeLocationId,
                    demo.Insurance is { } insurance ? new Insurance(insurance.Payer, insurance.MemberId) : null),
                demo.RegisteredAt, who), demo.Id);

            if (demo.Conditions.Count + demo.Medications.Count + demo.Contraindications.Count > 0)
            {
                // Recorded when the physician's clearance came in, if one did; otherwise at registration.
                var recordedAt = demo.Clearance is { } cleared && cleared.ClearedOn.At(16) > demo.RegisteredAt ? cleared.ClearedOn.At(16) : demo.RegisteredAt.AddMinutes(5);
                client.RecordHealthHistory(new HealthHistory(
                    demo.Conditions, demo.Medications, demo.Contraindications.Select(Codes.Parse<Contraindication>).ToList(),
                    demo.Clearance is { } clearance ? new PhysicianClearance(clearance.PhysicianNpi, clearance.ClearedOn, clearance.Note, recordedAt) : null),
                    recordedAt, who);
            }

            foreach (var consent in demo.Consents)
            {
                db.WithId(client.RecordConsent(Codes.Parse<ConsentType>(consent.Type), consent.SignedAt, consent.SignedAt, who), consent.Id);
            }

            db.Clients.Add(client);
        }

        return await db.SaveChangesAsync(cancellationToken);
    }
}
