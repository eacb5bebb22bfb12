using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Api;

public sealed partial class OpenApiDocumentTests() : StoreTests(DatabaseProvider.Postgres)
{
    private static readonly NodeProject Validator = new("tests/Api/openapi", "The OpenAPI document is checked with @apidevtools/swagger-parser");

    [Fact]
    public async Task Every_mapped_api_route_and_method_is_in_the_openapi_document()
    {
        await using var bot = ApiBot.Start(Store);
        var document = (await bot.GetAsync("/api/v1/openapi.json", null)).Json!;
        var routes = bot.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/", StringComparison.Ordinal) && !e.RoutePattern.RawText.Contains("openapi"))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m.ToLowerInvariant(), Path: Constraint().Replace(e.RoutePattern.RawText!, "{$1}"))))
            .ToList();

        Assert.True(routes.Count >= 10, $"only {routes.Count} routes found under /api/v1");
        var paths = document["paths"]!.AsObject();
        foreach (var (method, path) in routes)
        {
            Assert.True(paths[path]?[method] is not null, $"{method.ToUpperInvariant()} {path} is not in the document");
            Assert.True(paths[path]![method]!["responses"]!["401"] is not null, $"{method} {path}: 401 is not documented");
        }
        // Nothing but the API is described: not the messengers' endpoints, not operations.
        Assert.All(paths.Select(p => p.Key), p => Assert.StartsWith("/api/v1/", p));
        Assert.Equal(routes.Select(r => r.Path).Distinct().Order(), paths.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task The_openapi_document_is_valid_openapi_with_the_bearer_key_and_string_enums()
    {
        await using var bot = ApiBot.Start(Store);
        var answer = await bot.GetAsync("/api/v1/openapi.json", null);
        var file = Path.Combine(Path.GetTempPath(), $"okrbot-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, answer.Text);
        try
        {
            var (exit, output) = await Validator.RunAsync(["validate-openapi.js", file], TimeSpan.FromMinutes(2));
            Assert.True(exit == 0, $"swagger-parser refused the document:\n{output}");
            Assert.Contains("valid: OpenAPI 3.1", output);
        }
        finally
        {
            File.Delete(file);
        }

        var document = answer.Json!;
        Assert.Equal(("http", "bearer"), ((string)document["components"]!["securitySchemes"]!["apiKey"]!["type"]!,
            (string)document["components"]!["securitySchemes"]!["apiKey"]!["scheme"]!));
        Assert.NotNull(document["security"]![0]!["apiKey"]);
        Assert.Equal(["onTrack", "atRisk", "offTrack"], document["components"]!["schemas"]!["KrStatusDto"]!["enum"]!.AsArray().Select(v => (string)v!));
        var post = document["paths"]!["/api/v1/key-results/{id}/values"]!["post"]!;
        Assert.Contains(post["parameters"]!.AsArray(), p => (string)p!["name"]! == "Idempotency-Key" && (string)p["in"]! == "header");
        Assert.NotNull(post["requestBody"]!["content"]!["application/json"]);
        Assert.Contains(document["paths"]!["/api/v1/objectives"]!["get"]!["parameters"]!.AsArray(), p => (string)p!["name"]! == "personId");
    }

    [Fact]
    public void The_apis_enums_name_the_same_cases_as_the_models()
    {
        // The API casts model enums to its own: the same cases, in the same order, or a status would be mislabelled.
        foreach (var (model, dto) in new[]
                 {
                     (typeof(Core.Model.KrStatus), typeof(Bot.Api.KrStatusDto)), (typeof(Core.Model.KeyResultKind), typeof(Bot.Api.KeyResultKindDto)),
                     (typeof(Core.Model.Direction), typeof(Bot.Api.DirectionDto)), (typeof(Core.Model.CycleKind), typeof(Bot.Api.CycleKindDto)),
                     (typeof(Core.Model.CycleState), typeof(Bot.Api.CycleStateDto)),
                 })
        {
            Assert.Equal(Enum.GetNames(model), Enum.GetNames(dto));
            Assert.Equal(Enum.GetValues(model).Cast<object>().Select(Convert.ToInt32), Enum.GetValues(dto).Cast<object>().Select(Convert.ToInt32));
        }
    }

    /// <summary>Route constraints (<c>{id:guid}</c>) are not part of an OpenAPI path (<c>{id}</c>).</summary>
    [GeneratedRegex(@"\{([A-Za-z]+):[^}]+\}")]
    private static partial Regex Constraint();
}
