using OkrBot.Tests.Support;

namespace OkrBot.Tests.Manifests;

/// <summary>
/// Runs tests/Manifests/validate-manifest.js: Teams manifests against the official schema of their manifestVersion
/// (npm @microsoft/app-manifest, checked with ajv), installing the packages with <c>npm ci</c> the first time.
/// </summary>
public static class NodeManifestValidator
{
    private static readonly NodeScript Script = new(SourceTree.PathOf("tests", "Manifests"), "The manifest checks run Microsoft's Teams manifest schemas");

    public static Task<(int ExitCode, string Output)> ValidateAsync(params string[] manifestFiles) =>
        Script.RunAsync("validate-manifest.js", manifestFiles);
}
