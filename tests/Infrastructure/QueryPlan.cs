using System.Text.Json;
using Npgsql;

namespace OkrBot.Tests.Infrastructure;

/// <summary>One node of a PostgreSQL plan: what it does, to which table, through which index, and (analysed) how long and how many rows.</summary>
public sealed record PlanNode(string NodeType, string? Relation, string? Index, double? ActualTotalMs, double? ActualRows);

/// <summary>
/// PostgreSQL's plan for a captured product query (<see cref="SqlCapture"/>), from EXPLAIN run with the same text and
/// parameters: which scans it uses, as data to check and as text to show. Used by the tests and linked into the benchmarks.
/// </summary>
public sealed class QueryPlan
{
    private static readonly string[] IndexScans = ["Index Scan", "Index Only Scan", "Bitmap Index Scan"];

    private QueryPlan(IReadOnlyList<PlanNode> nodes, string text, double? executionMs) => (Nodes, Text, ExecutionMs) = (nodes, text, executionMs);

    /// <summary>Every node, depth first.</summary>
    public IReadOnlyList<PlanNode> Nodes { get; }

    /// <summary>The plan as EXPLAIN prints it.</summary>
    public string Text { get; }

    /// <summary>The server's execution time, when analysed.</summary>
    public double? ExecutionMs { get; }

    public bool UsesIndex(string index) => Nodes.Any(n => n.Index == index && IndexScans.Contains(n.NodeType));

    /// <summary>Tables read whole.</summary>
    public IEnumerable<string> SequentialScans => Nodes.Where(n => n.NodeType == "Seq Scan").Select(n => n.Relation ?? "?");

    /// <summary>How each table is read, e.g. "People: Index Scan using IX_People_TenantId_TimeZoneId_Id".</summary>
    public IEnumerable<string> Scans => Nodes.Where(n => n.Relation is not null || n.Index is not null)
        .Select(n => n.Index is null ? $"{n.Relation}: {n.NodeType}" : $"{n.Relation ?? TableOf(n.Index)}: {n.NodeType} using {n.Index}");

    /// <summary>
    /// EXPLAIN of <paramref name="command"/>; with <paramref name="analyze"/> it runs (only for reads: a write would happen).
    /// </summary>
    public static async Task<QueryPlan> ExplainAsync(NpgsqlConnection connection, CapturedCommand command, bool analyze, CancellationToken ct = default)
    {
        var options = analyze ? "ANALYZE, BUFFERS, " : "";
        var json = await RunAsync(connection, command, $"EXPLAIN ({options}FORMAT JSON) ", ct);
        var text = await RunAsync(connection, command, $"EXPLAIN ({options}FORMAT TEXT) ", ct);
        return Parse(json, text);
    }

    /// <summary>
    /// The plan PostgreSQL makes for <paramref name="command"/> without its parameters' values, as it may for a prepared
    /// statement after a few runs (the product's statements are prepared, decision 0016): the statement is prepared under
    /// a name with its parameters' types inferred, and explained under <c>plan_cache_mode = force_generic_plan</c>.
    /// </summary>
    public static async Task<QueryPlan> ExplainGenericAsync(NpgsqlConnection connection, CapturedCommand command, CancellationToken ct = default)
    {
        // Npgsql sends @name placeholders as $1, $2, ... in the order of the command's parameters.
        var sql = command.Sql;
        var names = command.Parameters.Select(p => p.ParameterName).ToList();
        foreach (var (name, n) in names.Select((name, n) => (name, n)).OrderByDescending(x => x.name.Length))
            sql = System.Text.RegularExpressions.Regex.Replace(sql, "@" + System.Text.RegularExpressions.Regex.Escape(name.TrimStart('@')) + @"\b", "$$" + (n + 1));
        var nulls = string.Join(", ", names.Select(_ => "NULL"));
        await ExecuteAsync(connection, $"SET plan_cache_mode = force_generic_plan; PREPARE okr_explained AS {sql}", ct);
        try
        {
            var json = await ScalarLinesAsync(connection, $"EXPLAIN (FORMAT JSON) EXECUTE okr_explained({nulls})", ct);
            var text = await ScalarLinesAsync(connection, $"EXPLAIN (FORMAT TEXT) EXECUTE okr_explained({nulls})", ct);
            return Parse(json, text);
        }
        finally
        {
            await ExecuteAsync(connection, "DEALLOCATE okr_explained; RESET plan_cache_mode", CancellationToken.None);
        }
    }

    private static QueryPlan Parse(string json, string text)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement[0];
        var nodes = new List<PlanNode>();
        Walk(root.GetProperty("Plan"), nodes);
        double? execution = root.TryGetProperty("Execution Time", out var ms) ? ms.GetDouble() : null;
        return new QueryPlan(nodes, text, execution);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static Task<string> ScalarLinesAsync(NpgsqlConnection connection, string sql, CancellationToken ct) =>
        RunAsync(connection, new CapturedCommand(sql, []), "", ct);

    private static async Task<string> RunAsync(NpgsqlConnection connection, CapturedCommand command, string prefix, CancellationToken ct)
    {
        await using var explain = new NpgsqlCommand(prefix + command.Sql, connection);
        foreach (var parameter in command.Parameters) explain.Parameters.Add(((NpgsqlParameter)parameter).Clone());
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) lines.Add(reader.GetValue(0).ToString()!);
        return string.Join('\n', lines);
    }

    private static void Walk(JsonElement node, List<PlanNode> nodes)
    {
        string? Text(string name) => node.TryGetProperty(name, out var v) ? v.GetString() : null;
        double? Number(string name) => node.TryGetProperty(name, out var v) ? v.GetDouble() : null;
        nodes.Add(new PlanNode(Text("Node Type") ?? "?", Text("Relation Name"), Text("Index Name"), Number("Actual Total Time"), Number("Actual Rows")));
        if (node.TryGetProperty("Plans", out var children))
            foreach (var child in children.EnumerateArray()) Walk(child, nodes);
    }

    /// <summary>EF names indexes IX_Table_Columns: the table is the second part.</summary>
    private static string TableOf(string index) => index.Split('_') is [_, var table, ..] ? table : index;
}
