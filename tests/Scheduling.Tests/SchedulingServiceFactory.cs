namespace Scheduling.Tests;

/// <summary>The Scheduling service on a fresh database of the shared test cluster.</summary>
public sealed class SchedulingServiceFactory() : ServiceFactory<Program>("schedulingdb");
