using Npgsql;
using OkrBot.Core.Persistence;

namespace OkrBot.Tests.Persistence;

/// <summary>The two PostgreSQL connection defaults OkrBot adds (docs/decisions/0016), and that a configured value wins.</summary>
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void A_plain_connection_string_gets_no_reset_on_close_and_auto_prepare()
    {
        var result = new NpgsqlConnectionStringBuilder(OkrDatabase.PostgresConnectionString("Host=db;Database=okrbot;Username=okrbot;Password=secret"));

        Assert.True(result.NoResetOnClose);
        Assert.Equal(OkrDatabase.DefaultMaxAutoPrepare, result.MaxAutoPrepare);
        Assert.Equal(("db", "okrbot", "okrbot", "secret"), (result.Host, result.Database, result.Username, result.Password));
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=db;NoResetOnClose=false;MaxAutoPrepare=0")]
    [InlineData("host=db;no reset on close=False;max auto prepare=0")]
    public void What_the_connection_string_sets_wins_however_it_is_spelled(string configured)
    {
        var result = new NpgsqlConnectionStringBuilder(OkrDatabase.PostgresConnectionString(configured));

        Assert.False(result.NoResetOnClose);
        Assert.Equal(0, result.MaxAutoPrepare);
    }
}
