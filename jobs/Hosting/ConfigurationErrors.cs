using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OkrBot.Jobs.Hosting;

/// <summary>
/// A worker node with a wrong setting ends with one line that names the setting and says what is wrong, and exit code
/// <see cref="ExitCode"/>, never with a stack trace. Anything else that goes wrong is not a setting and is left to fail loudly.
/// </summary>
public static class ConfigurationErrors
{
    /// <summary>EX_CONFIG from sysexits.h: "something was found in an unconfigured or misconfigured state".</summary>
    public const int ExitCode = 78;

    /// <summary>
    /// Checks every setting registered with ValidateOnStart now, before anything starts. Left to the host's own start, a bad
    /// setting would be logged as a failed start, with the whole stack trace, before it reaches the caller.
    /// </summary>
    public static IHost CheckSettings(this IHost host)
    {
        host.Services.GetService<IStartupValidator>()?.Validate();
        return host;
    }

    /// <summary>What is wrong, in one line, when <paramref name="exception"/> comes from a setting; otherwise null.</summary>
    public static string? Explain(Exception exception) => exception switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures.Select(f => f.Trim())),
        // "Failed to convert configuration value at 'Rhythm:Interval' to type 'System.TimeSpan'."
        InvalidOperationException when exception.TargetSite?.DeclaringType == typeof(ConfigurationBinder) => exception.Message,
        // Several settings checked at once: explain them all, or none if any is not a setting.
        AggregateException { InnerExceptions.Count: > 0 } many when many.InnerExceptions.Select(Explain).ToList() is var all && all.All(a => a is not null) =>
            string.Join(" ", all.Distinct()),
        _ => null,
    };
}
