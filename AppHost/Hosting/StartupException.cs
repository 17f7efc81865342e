namespace AppHost.Hosting;

/// <summary>A reason the platform cannot start, with what to do about it; printed as two lines, no stack trace.</summary>
public sealed class StartupException(string cause, string fix) : Exception(cause)
{
    public string Cause { get; } = cause;
    public string Fix { get; } = fix;
}
