using OkrBot.Bench.Scale;

// Exit codes: 0 goals met, 1 a goal missed, 2 bad arguments, 3 the benchmark itself broke.
if (ScaleOptions.Parse(args, out var error) is not { } options)
{
    Console.Error.WriteLine(error is "" ? ScaleOptions.Usage : $"{error}\n\n{ScaleOptions.Usage}");
    return error is "" ? 0 : 2;
}

try
{
    return options.Command.StartsWith("worker ", StringComparison.Ordinal)
        ? await ScaleRun.WorkAsync(options)
        : await ScaleRun.RunAsync(options);
}
catch (Exception e)
{
    Console.Error.WriteLine($"The benchmark could not run: {e}");
    return 3;
}
