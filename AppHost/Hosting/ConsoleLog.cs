namespace AppHost.Hosting;

/// <summary>
/// The last lines a resource wrote to its console, across its restarts, numbered so that a reader
/// (the dashboard's live view) can ask for "everything after line N".
/// </summary>
public sealed class ConsoleLog(string resourceName, int capacity = ConsoleLog.DefaultCapacity)
{
    public const int DefaultCapacity = 1000;

    private readonly LinkedList<ConsoleLine> _lines = new();
    private readonly Lock _lock = new();
    private long _sequence;

    public string ResourceName { get; } = resourceName;

    /// <summary>The sequence number of the last line written (0 before any).</summary>
    public long LastSequence
    {
        get
        {
            lock (_lock) return _sequence;
        }
    }

    public ConsoleLine Append(string text, bool isError)
    {
        lock (_lock)
        {
            var line = new ConsoleLine(ResourceName, ++_sequence, DateTimeOffset.UtcNow, text, isError);
            _lines.AddLast(line);
            if (_lines.Count > capacity) _lines.RemoveFirst();
            return line;
        }
    }

    /// <summary>Lines numbered above <paramref name="sequence"/> that are still kept, oldest first, at most the last <paramref name="max"/>.</summary>
    public IReadOnlyList<ConsoleLine> After(long sequence, int max = int.MaxValue)
    {
        lock (_lock)
        {
            var lines = _lines.Where(l => l.Sequence > sequence).ToList();
            return lines.Count > max ? lines[^max..] : lines;
        }
    }
}
