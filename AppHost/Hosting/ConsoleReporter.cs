namespace AppHost.Hosting;

/// <summary>Everything the AppHost prints: resources' output prefixed with their name, its own notices, the resource table.</summary>
public sealed class ConsoleReporter
{
    private static readonly ConsoleColor[] Palette =
        [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkGreen, ConsoleColor.DarkMagenta];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ConsoleColor> _colors = new(StringComparer.Ordinal);
    private readonly bool _useColor = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private int _width = 8;

    public void Register(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            _colors[name] = Palette[_colors.Count % Palette.Length];
            _width = Math.Max(_width, name.Length);
        }
    }

    public void Line(ConsoleLine line) => Write(line.Resource, line.Text, line.IsError);

    public void Info(string message) => Write("apphost", message, isError: false);

    public void Error(string message) => Write("apphost", message, isError: true);

    private void Write(string source, string text, bool isError)
    {
        lock (_lock)
        {
            if (_useColor)
            {
                Console.ForegroundColor = source == "apphost" ? (isError ? ConsoleColor.Red : ConsoleColor.White) : _colors.GetValueOrDefault(source, ConsoleColor.Gray);
                Console.Write(source.PadRight(_width));
                Console.ResetColor();
                Console.Write(" | ");
                Console.WriteLine(text);
            }
            else
            {
                Console.WriteLine($"{source.PadRight(_width)} | {text}");
            }
        }
    }

    public void Table(IEnumerable<Resource> resources)
    {
        var rows = resources.Select(r => (r.Name, State: r.State.ToString().ToLowerInvariant(), Address: r.Describe())).ToList();
        var nameWidth = Math.Max(8, rows.Max(r => r.Name.Length));
        lock (_lock)
        {
            Console.WriteLine();
            Console.WriteLine($"  {"resource".PadRight(nameWidth)}  {"state",-8}  address");
            Console.WriteLine($"  {new string('-', nameWidth)}  --------  {new string('-', 40)}");
            foreach (var row in rows)
            {
                Console.WriteLine($"  {row.Name.PadRight(nameWidth)}  {row.State,-8}  {row.Address}");
            }

            Console.WriteLine();
        }
    }

    public void Raw(string text)
    {
        lock (_lock)
        {
            Console.WriteLine(text);
        }
    }
}
