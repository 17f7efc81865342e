using Chain.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

try
{
    var platform = RunningPlatform.Find(options.DataDirectory);
    await platform.SignInAsync(options.User, options.Password);
    switch (options.Scenario)
    {
        case "overhead":
            await GatewayOverhead.RunAsync(platform, options);
            break;
        case "booking":
            await Bookings.ThroughputAsync(platform, options);
            break;
        case "mixed":
            await Bookings.MixedAsync(platform, options);
            break;
        case "events":
            await EventLatency.RunAsync(platform, options);
            break;
        case "storm":
            await Bookings.StormAsync(platform, options);
            break;
        default:
            Console.Error.WriteLine($"Unknown scenario '{options.Scenario}'.");
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
    }

    return 0;
}
catch (BenchSetupException ex)
{
    Console.Error.WriteLine($"{ex.Message}\n  fix: {ex.Fix}");
    return 1;
}
