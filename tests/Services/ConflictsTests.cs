using Microsoft.EntityFrameworkCore;
using Npgsql;
using OkrBot.Core.Services;

namespace OkrBot.Tests.Services;

public sealed class ConflictsTests
{
    private static PostgresException Postgres(string sqlState) => new("conflict", "ERROR", "ERROR", sqlState);

    public static TheoryData<Exception> LostRaces =>
    [
        new DbUpdateConcurrencyException("version moved"),
        new DbUpdateException("unique", Postgres(PostgresErrorCodes.UniqueViolation)),
        new DbUpdateException("deadlock", Postgres(PostgresErrorCodes.DeadlockDetected)),
        // As Npgsql's execution strategy hands a deadlock over.
        new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new DbUpdateException("deadlock", Postgres(PostgresErrorCodes.DeadlockDetected))),
        new InvalidOperationException("transient", new DbUpdateException("serialization", Postgres(PostgresErrorCodes.SerializationFailure))),
    ];

    [Theory]
    [MemberData(nameof(LostRaces))]
    public async Task A_write_that_lost_a_race_is_run_again_and_succeeds(Exception lostRace)
    {
        var attempts = 0;

        var result = await Conflicts.RetryAsync(() => ++attempts == 1 ? throw lostRace : Task.FromResult(Result<int>.Ok(42)), CancellationToken.None);

        Assert.Equal((42, 2), (result.Value, attempts));
    }

    [Fact]
    public async Task Other_failures_are_not_retried()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Conflicts.RetryAsync<int>(() =>
        {
            attempts++;
            throw new InvalidOperationException("a bug, not a race");
        }, CancellationToken.None));
        Assert.Equal(1, attempts);
    }
}
