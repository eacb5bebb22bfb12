using OkrBot.Tests.Infrastructure;

namespace OkrBot.Tests.Manifests;

/// <summary>
/// Runs tests/Manifests/validate-manifest.js: Teams manifests against the official schema of their manifestVersion
/// (npm @microsoft/app-manifest, checked with ajv), installing the packages with <c>npm ci</c> the first time.
/// </summary>
public static class NodeManifestValidator
{
    private static readonly NodeProject Tool = new("tests/Manifests", "The manifest checks run Microsoft's Teams manifest schemas");

    public static Task<(int ExitCode, string Output)> ValidateAsync(params string[] manifestFiles) =>
        Tool.RunAsync(["validate-manifest.js", .. manifestFiles], TimeSpan.FromMinutes(2));
}
