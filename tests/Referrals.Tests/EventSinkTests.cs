using ClinicalNotes.Events;
using Google.Protobuf;

namespace Referrals.Tests;

/// <summary>A signed note reaches the progress read model only from a platform service.</summary>
public sealed class EventSinkTests(ReferralsServiceFactory service) : EventSinkContract<Program>(service), IClassFixture<ReferralsServiceFactory>
{
    /// <summary>A note signed for no referral: acknowledged and applied (an inbox row), nothing else to write.</summary>
    protected override IMessage ApplicableEvent() => new NoteSigned { NoteId = Guid.CreateVersion7().ToString() };
}
