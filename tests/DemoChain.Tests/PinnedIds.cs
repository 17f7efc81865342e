namespace DemoChain.Tests;

/// <summary>The published demo identities (RFC 9562 UUID v5 of their keys in <c>DemoIds.Namespace</c>; Python's uuid5 agrees).</summary>
internal static class PinnedIds
{
    public const string FirstLocation = "b8450541-d809-5904-ae0d-01bc3008e272";
    public const string SecondLocation = "2bf2d254-8ac1-59fd-a23f-221b20ff335e";
    public const string Therapist = "09f6254c-ff4c-5edd-bbee-c781058ef883";
    public const string Physician = "f22de99f-233c-5978-844f-314ba177d0d2";
}
