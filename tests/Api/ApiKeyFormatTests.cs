using System.Text.RegularExpressions;
using OkrBot.Core.Integrations;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Tests.Api;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void Keys_carry_the_okr_marker_a_public_prefix_and_a_checksum_that_catches_any_one_changed_character()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => ApiKeyFormat.Generate()).ToList();

        Assert.All(keys, k => Assert.Matches(new Regex("^" + ApiKeyFormat.Pattern + "$"), k.Key));
        Assert.All(keys, k => Assert.Equal(k.Prefix, ApiKeyFormat.PrefixOf(k.Key)));
        Assert.Equal(keys.Count, keys.Select(k => k.Prefix).Distinct().Count());
        var key = keys[0].Key;
        for (var i = ApiKeyFormat.Marker.Length; i < key.Length; i++)
        {
            if (i == ApiKeyFormat.PrefixLength) continue;
            var changed = key[..i] + (key[i] == 'Z' ? 'Y' : 'Z') + key[(i + 1)..];
            Assert.Null(ApiKeyFormat.PrefixOf(changed));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("okr_")]
    [InlineData("ghp_0123456789012345678901234567890123456789")]
    [InlineData("OKR_aaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("okr_aaaaaaaaaaa!_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Anything_else_is_not_a_key(string? presented) => Assert.Null(ApiKeyFormat.PrefixOf(presented));

    [Fact]
    public void Only_the_key_matches_its_hash()
    {
        var (key, _) = ApiKeyFormat.Generate();
        var (other, _) = ApiKeyFormat.Generate();
        var hash = ApiKeyFormat.Hash(key);

        Assert.Equal(32, hash.Length);
        Assert.True(ApiKeyFormat.Matches(key, hash));
        Assert.False(ApiKeyFormat.Matches(other, hash));
        Assert.False(ApiKeyFormat.Matches(key + " ", hash));
    }

    [Theory]
    [InlineData(Visibility.Public, ObjectiveState.Published, true)]
    [InlineData(Visibility.Private, ObjectiveState.Published, false)]
    [InlineData(Visibility.Public, ObjectiveState.Draft, false)]
    [InlineData(Visibility.Private, ObjectiveState.Draft, false)]
    public void A_key_sees_what_everyone_in_its_organisation_sees(Visibility visibility, ObjectiveState state, bool visible)
    {
        var tenant = Guid.NewGuid();

        Assert.Equal(visible, Access.CanViewWithApiKey(tenant, tenant, visibility, state));
        Assert.False(Access.CanViewWithApiKey(tenant, Guid.NewGuid(), visibility, state));
    }
}
