using OkrBot.Bench.Inbound;

// Exit codes: 0 goals met, 1 a goal missed, 2 bad arguments, 3 the benchmark itself broke.
if (InboundOptions.Parse(args, out var error) is not { } options)
{
    Console.Error.WriteLine(error is "" ? InboundOptions.Usage : $"{error}\n\n{InboundOptions.Usage}");
    return error is "" ? 0 : 2;
}

try
{
    var report = await InboundRun.RunAsync(options);
    Console.WriteLine(options.Json ? report.ToJson() : report.ToTable());
    if (!report.Passed && options.Json) foreach (var failure in report.Failures) Console.Error.WriteLine($"FAIL: {failure}");
    return report.Passed ? 0 : 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"The benchmark could not run: {e}");
    return 3;
}
