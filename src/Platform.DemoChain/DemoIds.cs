using System.Security.Cryptography;
using System.Text;

namespace Platform.DemoChain;

/// <summary>
/// Ids of the demo chain: name-based UUIDs (RFC 9562 version 5, SHA-1) of a stable key such as
/// <c>client/17</c>, so every run and every service computes the same id for the same thing, whatever the
/// seeding date. (Ids the services create themselves are UUID v7; the demo's are v5 so that they do not
/// depend on when the chain was seeded.)
/// </summary>
public static class DemoIds
{
    /// <summary>The namespace of every demo id (itself a fixed, random UUID).</summary>
    public static readonly Guid Namespace = new("6f1c2d0e-8a57-4b8e-9a43-5d2f7c1e9b30");

    public static Guid For(string kind, int index) => For($"{kind}/{index}");

    public static Guid For(string key)
    {
        Span<byte> name = stackalloc byte[16 + Encoding.UTF8.GetByteCount(key)];
        Namespace.TryWriteBytes(name[..16], bigEndian: true, out _);
        Encoding.UTF8.GetBytes(key, name[16..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(name, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true);
    }
}
