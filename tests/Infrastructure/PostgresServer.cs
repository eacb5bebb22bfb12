using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OkrBot.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for one test run: initdb in a temp directory, started on a free loopback port,
/// stopped and deleted when the run ends. Tests get a database each (see TestStore), never a mock.
/// </summary>
/// <remarks>
/// initdb refuses to run as root, and CI runs as root: then every server binary runs as the "postgres" user
/// through runuser, in a directory handed to that user. As anyone else the binaries run directly.
/// </remarks>
public sealed class PostgresServer
{
    private const string SuperUser = "postgres";
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static PostgresServer? _shared;

    private readonly string _binDir;
    private readonly string _root;
    private readonly bool _asPostgresUser;

    private PostgresServer(string binDir, string root, int port, bool asPostgresUser)
    {
        _binDir = binDir;
        _root = root;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    private string DataDir => Path.Combine(_root, "data");
    private string SocketDir => Path.Combine(_root, "sock");
    private string LogFile => Path.Combine(_root, "server.log");

    /// <summary>The one server of this test run, started on first use and stopped when the process exits.</summary>
    public static async Task<PostgresServer> StartSharedAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (_shared is not null) return _shared;
            var server = await StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAndDelete();
            return _shared = server;
        }
        finally { StartLock.Release(); }
    }

    /// <summary>
    /// A server of its own, for a test that stops and starts it (the shared one must stay up for everyone else). Dispose of it
    /// with <see cref="Remove"/>; the test run's exit removes it too.
    /// </summary>
    public static async Task<PostgresServer> StartDedicatedAsync()
    {
        var server = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Remove();
        return server;
    }

    /// <summary>Stops the server as an operator would (<c>pg_ctl stop -m fast</c>): connections are cut, the port closes.</summary>
    public void Stop() => RunTool("pg_ctl", ["-D", DataDir, "-m", "fast", "-w", "-t", "60", "stop"]);

    /// <summary>Starts a stopped server again, on the same port and data.</summary>
    public void Start() => RunTool("pg_ctl", ["-D", DataDir, "-l", LogFile, "-w", "-t", "60", "-o", ServerOptions, "start"]);

    /// <summary>Stops the server if it runs and deletes its files.</summary>
    public void Remove()
    {
        if (Interlocked.Exchange(ref _removed, 1) == 1) return;
        StopAndDelete();
    }

    private int _removed;

    private string ServerOptions =>
        $"-c listen_addresses=127.0.0.1 -p {Port} -k {SocketDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = SuperUser, Database = database,
        // Tests open and drop many databases; a long-lived pool per database only holds on to server processes.
        MaxPoolSize = 20, ConnectionIdleLifetime = 10,
    }.ToString();

    public async Task CreateDatabaseAsync(string name, string? template = null)
    {
        var sql = $"CREATE DATABASE \"{name}\"" + (template is null ? "" : $" TEMPLATE \"{template}\"");
        await ExecuteAsync(sql);
    }

    public Task DropDatabaseAsync(string name) => ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    private async Task ExecuteAsync(string sql)
    {
        var cs = new NpgsqlConnectionStringBuilder(ConnectionStringFor("postgres")) { Pooling = false }.ToString();
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A server over a cluster kept in <paramref name="root"/> between runs (the benchmarks reuse the organisations they
    /// generated): created on first use, started on a free loopback port with <paramref name="settings"/> added, and
    /// stopped cleanly (not deleted) when the process exits. A server left running there by a killed run is stopped first.
    /// </summary>
    public static async Task<PostgresServer> StartKeptAsync(string root, IReadOnlyList<string>? settings = null)
    {
        var binDir = FindBinaries();
        var asPostgresUser = Environment.UserName == "root";
        Directory.CreateDirectory(Path.Combine(root, "sock"));
        if (asPostgresUser) Run("chown", ["-R", $"{SuperUser}:", root], asPostgresUser: false);
        var server = new PostgresServer(binDir, root, FreeLoopbackPort(), asPostgresUser);
        if (!File.Exists(Path.Combine(server.DataDir, "PG_VERSION")))
            server.RunTool("initdb", ["-D", server.DataDir, "-A", "trust", "-E", "UTF8", "--no-locale", "-U", SuperUser]);
        else if (File.Exists(Path.Combine(server.DataDir, "postmaster.pid")))
        {
            // Stop it only if that process really is a server of this directory: a stale file's pid may belong to anyone now.
            var pidFile = Path.Combine(server.DataDir, "postmaster.pid");
            var pid = File.ReadLines(pidFile).FirstOrDefault()?.Trim();
            var cmdline = pid is not null && File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline") : "";
            if (cmdline.Contains(server.DataDir, StringComparison.Ordinal)) server.RunTool("pg_ctl", ["-D", server.DataDir, "-m", "fast", "-w", "stop"]);
            else File.Delete(pidFile);
        }

        var extra = string.Concat((settings ?? []).Select(s => $" -c {s}"));
        server.RunTool("pg_ctl", ["-D", server.DataDir, "-l", server.LogFile, "-w", "-t", "120", "-o",
            $"-c listen_addresses=127.0.0.1 -p {server.Port} -k {server.SocketDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off{extra}",
            "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { server.RunTool("pg_ctl", ["-D", server.DataDir, "-m", "fast", "-w", "stop"]); }
            catch (Exception ex) { Console.Error.WriteLine($"Stopping the kept PostgreSQL server failed: {ex.Message}"); }
        };
        await server.ExecuteAsync("SELECT 1");
        return server;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var binDir = FindBinaries();
        var asPostgresUser = Environment.UserName == "root";
        var root = Directory.CreateTempSubdirectory("okrbot-pg-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "sock"));
        if (asPostgresUser)
        {
            // The server user must own its directories and reach them through every parent (/tmp is world-traversable).
            Run("chown", ["-R", $"{SuperUser}:", root], asPostgresUser: false);
        }

        var server = new PostgresServer(binDir, root, FreeLoopbackPort(), asPostgresUser);
        server.RunTool("initdb", ["-D", server.DataDir, "-A", "trust", "-E", "UTF8", "--no-locale", "-U", SuperUser]);
        // A port found free a moment ago can be taken by the time the server binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                server.Start();
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                server = new PostgresServer(binDir, root, FreeLoopbackPort(), asPostgresUser);
            }
        }
        await server.ExecuteAsync("SELECT 1");
        return server;
    }

    private void StopAndDelete()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDir, "postmaster.pid"))) RunTool("pg_ctl", ["-D", DataDir, "-m", "immediate", "-w", "stop"]);
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"Stopping the test PostgreSQL server failed: {ex.Message}");
        }
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { /* a stray file must not fail the run; the OS cleans /tmp */ }
    }

    private void RunTool(string tool, IReadOnlyList<string> args) =>
        Run(Path.Combine(_binDir, tool), args, _asPostgresUser);

    private static void Run(string file, IReadOnlyList<string> args, bool asPostgresUser)
    {
        var start = asPostgresUser
            ? new ProcessStartInfo("runuser", ["-u", SuperUser, "--", file, .. args])
            : new ProcessStartInfo(file, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish within two minutes.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} failed with exit code {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }

    /// <summary>On PATH, or under /usr/lib/postgresql/N/bin (Debian keeps them off PATH), newest version first.</summary>
    private static string FindBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        foreach (var dir in onPath.Concat(debian))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                // Resolve symlinks (/usr/local/bin/pg_ctl -> /usr/lib/postgresql/15/bin/pg_ctl) so the tools come in a matching set.
                return Path.GetDirectoryName(new FileInfo(Path.Combine(dir, "initdb")).ResolveLinkTarget(true)?.FullName
                                             ?? Path.Combine(dir, "initdb"))!;
        }
        throw new InvalidOperationException(
            "The tests need PostgreSQL's server binaries (initdb, pg_ctl) and found none on PATH or under " +
            "/usr/lib/postgresql/*/bin. Install them (Debian/Ubuntu: apt-get install -y postgresql; nothing has to " +
            "be running) or run .ci/run, which does it for you.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
