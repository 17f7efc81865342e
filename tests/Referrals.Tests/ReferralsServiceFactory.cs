namespace Referrals.Tests;

/// <summary>The Referrals service on a fresh database of the shared test cluster.</summary>
public sealed class ReferralsServiceFactory() : ServiceFactory<Program>("referralsdb");
