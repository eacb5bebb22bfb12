using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OkrBot.Bot.Teams.Auth;
using OkrBot.Jobs.Channels.Teams;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Teams.Auth;

/// <summary>
/// Every rule of the Bot Framework inbound authentication spec, each shown to reject on its own: tokens come from a
/// local issuer (<see cref="TestIssuer"/>) that differs from a valid token in exactly the way under test.
/// </summary>
public sealed class BotFrameworkTokenValidatorTests : IDisposable
{
    private const string OtherAppId = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d";

    private readonly FakeClock _clock = FakeClock.At("2026-03-02T09:00:00Z");
    private readonly TestIssuer _issuer;
    private readonly ListLogger _log = new();
    private readonly BotFrameworkTokenValidator _validator;

    public BotFrameworkTokenValidatorTests()
    {
        _issuer = new TestIssuer(_clock);
        _validator = _issuer.CreateValidator(logger: _log);
    }

    public void Dispose() => _issuer.Dispose();

    private Task<InboundAuthResult> Validate(
        string? token, string? channelId = TestIssuer.ChannelId, string? serviceUrl = TestIssuer.ServiceUrl, BotFrameworkTokenValidator? validator = null) =>
        (validator ?? _validator).ValidateAsync(token is null ? null : "Bearer " + token, channelId, serviceUrl, CancellationToken.None);

    private static void AssertRejected(InboundAuthResult result, string reasonPart, string? token = null)
    {
        Assert.False(result.IsAccepted, result.ToString());
        Assert.Equal(InboundCaller.None, result.Caller);
        Assert.Null(result.Identity);
        Assert.Contains(reasonPart, result.RejectionReason);
        if (token is not null)
            foreach (var part in token.Split('.').Where(p => p.Length > 8))
                Assert.DoesNotContain(part, result.RejectionReason);
    }

    private Dictionary<string, object?> ChannelClaims(Action<Dictionary<string, object?>> change)
    {
        var claims = _issuer.BotFrameworkClaims();
        change(claims);
        return claims;
    }

    // ---- accepted ----

    [Fact]
    public async Task A_valid_Bot_Framework_channel_token_is_accepted()
    {
        var result = await Validate(_issuer.BotFrameworkToken());

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal(InboundCaller.BotFrameworkChannel, result.Caller);
        Assert.False(result.IsAnonymous);
        Assert.Equal(TestIssuer.AppId, result.AppId);
        Assert.Equal(TestIssuer.ServiceUrl, result.Identity!.FindFirst("serviceurl")?.Value);
        Assert.Null(result.RejectionReason);
    }

    [Theory]
    [InlineData("RS384")]
    [InlineData("RS512")]
    public async Task Channel_tokens_signed_with_RS384_and_RS512_are_accepted_too(string alg)
    {
        var result = await Validate(TestIssuer.Sign(_issuer.BotFrameworkKey, _issuer.BotFrameworkClaims(), alg));

        Assert.True(result.IsAccepted, result.ToString());
    }

    [Theory]
    [InlineData("1.0", "d6d49420-f39b-4df7-a1dc-d59a935871db", "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/")]
    [InlineData("1.0", "f8cdef31-a31e-4b4a-93e4-5f571e91255a", "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/")]
    [InlineData("2.0", "d6d49420-f39b-4df7-a1dc-d59a935871db", "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0")]
    [InlineData("2.0", "f8cdef31-a31e-4b4a-93e4-5f571e91255a", "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0")]
    public async Task A_valid_Entra_v1_or_v2_token_from_a_Bot_Framework_tenant_is_accepted(string version, string tenant, string issuer)
    {
        var result = await Validate(_issuer.EntraToken(version, tenant), channelId: "emulator", serviceUrl: "http://localhost:5000");

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal(InboundCaller.Entra, result.Caller);
        Assert.Equal(TestIssuer.AppId, result.AppId);
        Assert.Equal(issuer, result.Identity!.FindFirst("iss")?.Value);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task Entra_tokens_from_the_apps_own_tenant_are_trusted_only_when_that_tenant_is_configured(string version)
    {
        const string ownTenant = "3c2b1a09-8f7e-4d6c-b5a4-93827161504f";
        var token = _issuer.EntraToken(version, ownTenant);
        var singleTenant = _issuer.CreateValidator(configure: o => o.AppTenantId = ownTenant);

        Assert.True((await Validate(token, validator: singleTenant)).IsAccepted);
        AssertRejected(await Validate(token), "issuer is not trusted");
    }

    // ---- issuer, audience, app id ----

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://api.botframework.com/")]
    [InlineData("https://API.botframework.com")]
    [InlineData("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/")]
    [InlineData("https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/")]
    public async Task A_token_from_any_other_issuer_is_rejected(string issuer)
    {
        var token = TestIssuer.Sign(_issuer.BotFrameworkKey, ChannelClaims(c => c["iss"] = issuer));

        AssertRejected(await Validate(token), "issuer is not trusted", token);
    }

    [Fact]
    public async Task A_token_without_an_issuer_is_rejected()
    {
        var token = TestIssuer.Sign(_issuer.BotFrameworkKey, ChannelClaims(c => c.Remove("iss")));

        AssertRejected(await Validate(token), "issuer is not trusted");
    }

    [Fact]
    public async Task A_channel_token_for_another_bot_is_rejected()
    {
        var token = _issuer.BotFrameworkToken(appId: OtherAppId);

        AssertRejected(await Validate(token), "another audience", token);
    }

    [Fact]
    public async Task A_channel_token_without_an_audience_is_rejected()
    {
        var token = TestIssuer.Sign(_issuer.BotFrameworkKey, ChannelClaims(c => c.Remove("aud")));

        AssertRejected(await Validate(token), "another audience");
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task An_Entra_token_for_another_audience_is_rejected(string version)
    {
        var claims = _issuer.EntraClaims(version);
        claims["aud"] = OtherAppId;

        AssertRejected(await Validate(TestIssuer.Sign(_issuer.EntraKey, claims)), "another audience");
    }

    [Theory]
    [InlineData("1.0", "appid")]
    [InlineData("2.0", "azp")]
    public async Task An_Entra_token_obtained_by_another_app_is_rejected(string version, string appIdClaim)
    {
        var claims = _issuer.EntraClaims(version);
        claims[appIdClaim] = OtherAppId;

        AssertRejected(await Validate(TestIssuer.Sign(_issuer.EntraKey, claims)), "not issued to this bot's app");
    }

    [Theory]
    [InlineData("1.0", "appid")]
    [InlineData("2.0", "azp")]
    public async Task An_Entra_token_without_its_versions_app_id_claim_is_rejected(string version, string appIdClaim)
    {
        var claims = _issuer.EntraClaims(version);
        claims.Remove(appIdClaim);
        // The other version's claim does not stand in for it.
        claims[appIdClaim == "appid" ? "azp" : "appid"] = TestIssuer.AppId;

        AssertRejected(await Validate(TestIssuer.Sign(_issuer.EntraKey, claims)), "app id claim");
    }

    [Theory]
    [InlineData("3.0")]
    [InlineData(null)]
    public async Task An_Entra_token_with_an_unknown_or_missing_version_is_rejected(string? version)
    {
        var claims = _issuer.EntraClaims("1.0");
        if (version is null) claims.Remove("ver"); else claims["ver"] = version;

        AssertRejected(await Validate(TestIssuer.Sign(_issuer.EntraKey, claims)), "no known version");
    }

    // ---- lifetime ----

    [Fact]
    public async Task A_token_expired_beyond_the_clock_skew_is_rejected()
    {
        var token = _issuer.BotFrameworkToken();
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        AssertRejected(await Validate(token), "expired", token);
    }

    [Fact]
    public async Task A_token_not_valid_until_beyond_the_clock_skew_is_rejected()
    {
        var token = _issuer.BotFrameworkToken();
        _clock.Advance(-TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        AssertRejected(await Validate(token), "not valid yet", token);
    }

    [Theory]
    [InlineData(60 + 4)]
    [InlineData(-4)]
    public async Task A_token_just_outside_its_lifetime_but_within_the_clock_skew_is_accepted(int minutesLater)
    {
        var token = _issuer.BotFrameworkToken();
        _clock.Advance(TimeSpan.FromMinutes(minutesLater));

        Assert.True((await Validate(token)).IsAccepted);
    }

    [Fact]
    public async Task The_clock_skew_comes_from_the_options()
    {
        var token = _issuer.BotFrameworkToken();
        _clock.Advance(TimeSpan.FromMinutes(60 + 2));
        var strict = _issuer.CreateValidator(configure: o => o.ClockSkew = TimeSpan.FromMinutes(1));

        AssertRejected(await Validate(token, validator: strict), "expired");
    }

    [Fact]
    public async Task A_token_without_an_expiry_is_rejected()
    {
        var token = TestIssuer.Sign(_issuer.BotFrameworkKey, ChannelClaims(c => c.Remove("exp")));

        AssertRejected(await Validate(token), "no expiry");
    }

    // ---- signature and algorithm ----

    [Fact]
    public async Task A_token_signed_with_a_key_outside_the_key_set_under_a_published_key_id_is_rejected()
    {
        var stranger = _issuer.CreateKey("msteams");
        var token = TestIssuer.Sign(stranger, _issuer.BotFrameworkClaims(), kid: _issuer.BotFrameworkKey.KeyId);

        AssertRejected(await Validate(token), "signature does not verify", token);
    }

    [Fact]
    public async Task A_token_whose_claims_were_changed_after_signing_is_rejected()
    {
        var genuine = _issuer.BotFrameworkToken(appId: OtherAppId).Split('.');
        var forgedPayload = TestIssuer.Base64Url(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(_issuer.BotFrameworkClaims()));
        var token = $"{genuine[0]}.{forgedPayload}.{genuine[2]}";

        AssertRejected(await Validate(token), "signature does not verify", token);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_rejected()
    {
        var token = TestIssuer.Unsigned(_issuer.BotFrameworkClaims(), _issuer.BotFrameworkKey.KeyId);

        AssertRejected(await Validate(token), "signing algorithm is not allowed", token);
    }

    [Fact]
    public async Task An_HS256_token_keyed_with_the_published_public_key_is_rejected()
    {
        var token = TestIssuer.SignHs256WithPublicKey(_issuer.BotFrameworkKey, _issuer.BotFrameworkClaims());

        AssertRejected(await Validate(token), "signing algorithm is not allowed", token);
    }

    [Fact]
    public async Task A_token_that_names_no_key_is_rejected()
    {
        var claims = _issuer.BotFrameworkClaims();
        var token = TestIssuer.Sign(_issuer.BotFrameworkKey, claims, kid: "");

        AssertRejected(await Validate(token), "names no signing key");
    }

    [Fact]
    public async Task A_token_signed_with_an_Entra_key_cannot_pass_as_a_channel_token()
    {
        // Both issuers' keys are genuine, but each issuer is checked against its own key set only.
        var token = TestIssuer.Sign(_issuer.EntraKey, _issuer.BotFrameworkClaims());

        AssertRejected(await Validate(token), "unknown key");
    }

    // ---- key set refresh ----

    [Fact]
    public async Task An_unknown_key_id_refetches_the_keys_once_and_forged_key_ids_do_not_hammer_the_issuer()
    {
        Assert.True((await Validate(_issuer.BotFrameworkToken())).IsAccepted);
        Assert.Equal(1, _issuer.BotFrameworkKeySetFetches);

        var stranger = _issuer.CreateKey("msteams");
        var forged = TestIssuer.Sign(stranger, _issuer.BotFrameworkClaims());

        // Right after a fetch an unknown key id does not cause another one.
        AssertRejected(await Validate(forged), "unknown key", forged);
        Assert.Equal(1, _issuer.BotFrameworkKeySetFetches);

        // Once the minimum interval has passed it does, exactly once, however many forged tokens arrive.
        _clock.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 5; i++) AssertRejected(await Validate(forged), "unknown key", forged);
        Assert.Equal(2, _issuer.BotFrameworkKeySetFetches);
    }

    [Fact]
    public async Task A_key_the_issuer_publishes_later_is_picked_up_through_an_unknown_key_id()
    {
        Assert.True((await Validate(_issuer.BotFrameworkToken())).IsAccepted);
        var rotated = _issuer.PublishBotFrameworkKey("msteams");
        _clock.Advance(TimeSpan.FromMinutes(6));

        var result = await Validate(TestIssuer.Sign(rotated, _issuer.BotFrameworkClaims()));

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal(2, _issuer.BotFrameworkKeySetFetches);
    }

    [Fact]
    public async Task Keys_are_cached_and_fetched_again_after_the_refresh_interval()
    {
        for (var i = 0; i < 3; i++) Assert.True((await Validate(_issuer.BotFrameworkToken())).IsAccepted);
        Assert.Equal(1, _issuer.BotFrameworkKeySetFetches);

        _clock.Advance(new TeamsOptions().SigningKeyRefreshInterval);
        Assert.True((await Validate(_issuer.BotFrameworkToken())).IsAccepted);

        Assert.Equal(2, _issuer.BotFrameworkKeySetFetches);
        Assert.Equal(0, _issuer.EntraKeySetFetches);
    }

    [Fact]
    public async Task Requests_arriving_together_on_a_cold_cache_share_one_fetch()
    {
        var token = _issuer.BotFrameworkToken();
        _issuer.HoldRequests();

        var validations = Enumerable.Range(0, 20).Select(_ => Task.Run(() => Validate(token))).ToList();
        while (_issuer.RequestsReceived == 0) await Task.Delay(10);
        await Task.Delay(200); // let the other requests queue up behind the fetch in flight
        _issuer.AnswerRequests();
        var results = await Task.WhenAll(validations);

        Assert.All(results, r => Assert.True(r.IsAccepted, r.ToString()));
        Assert.Equal(1, _issuer.BotFrameworkKeySetFetches);
    }

    // ---- endorsements and serviceUrl ----

    [Theory]
    [InlineData("webchat")]
    [InlineData("MSTEAMS")]
    [InlineData("")]
    [InlineData(null)]
    public async Task A_channel_token_signed_with_a_key_not_endorsed_for_the_activitys_channel_is_rejected(string? channelId)
    {
        var teamsOnly = _issuer.PublishBotFrameworkKey("msteams");
        var token = TestIssuer.Sign(teamsOnly, _issuer.BotFrameworkClaims());

        Assert.True((await Validate(token, channelId: "msteams")).IsAccepted);
        AssertRejected(await Validate(token, channelId: channelId), "not endorsed for the activity's channel", token);
    }

    [Fact]
    public async Task A_channel_token_signed_with_a_key_without_endorsements_is_rejected()
    {
        var unendorsed = _issuer.PublishBotFrameworkKey();

        AssertRejected(await Validate(TestIssuer.Sign(unendorsed, _issuer.BotFrameworkClaims())), "not endorsed");
    }

    [Fact]
    public async Task An_Entra_key_that_does_list_endorsements_is_held_to_them()
    {
        var endorsedEntraKey = _issuer.PublishEntraKey("emulator");
        var token = TestIssuer.Sign(endorsedEntraKey, _issuer.EntraClaims());

        Assert.True((await Validate(token, channelId: "emulator")).IsAccepted);
        AssertRejected(await Validate(token, channelId: "msteams"), "not endorsed");
    }

    [Theory]
    [InlineData("https://evil.example/amer/")]
    [InlineData("https://smba.trafficmanager.net/emea/")]
    [InlineData("https://smba.trafficmanager.net/amer")]
    [InlineData("")]
    [InlineData(null)]
    public async Task A_channel_token_whose_serviceurl_differs_from_the_activitys_is_rejected(string? activityServiceUrl)
    {
        var token = _issuer.BotFrameworkToken();

        AssertRejected(await Validate(token, serviceUrl: activityServiceUrl), "serviceurl does not match", token);
    }

    [Fact]
    public async Task The_serviceurl_comparison_ignores_case()
    {
        var result = await Validate(_issuer.BotFrameworkToken(), serviceUrl: TestIssuer.ServiceUrl.ToUpperInvariant());

        Assert.True(result.IsAccepted, result.ToString());
    }

    [Fact]
    public async Task A_channel_token_without_a_serviceurl_claim_is_rejected()
    {
        var token = TestIssuer.Sign(_issuer.BotFrameworkKey, ChannelClaims(c => c.Remove("serviceurl")));

        AssertRejected(await Validate(token), "serviceurl does not match");
    }

    // ---- the header ----

    [Fact]
    public async Task A_request_without_an_Authorization_header_is_rejected_when_an_app_id_is_configured()
    {
        AssertRejected(await _validator.ValidateAsync(null, TestIssuer.ChannelId, TestIssuer.ServiceUrl, CancellationToken.None), "no Authorization header");
        AssertRejected(await _validator.ValidateAsync("  ", TestIssuer.ChannelId, TestIssuer.ServiceUrl, CancellationToken.None), "no Authorization header");
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz", "not 'Bearer <token>'")]
    [InlineData("Bearer", "not 'Bearer <token>'")]
    [InlineData("Bearer ", "not 'Bearer <token>'")]
    [InlineData("Bearer  eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "not 'Bearer <token>'")]
    [InlineData("Bearer a.b.c extra", "not 'Bearer <token>'")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "not 'Bearer <token>'")]
    [InlineData("garbage", "not 'Bearer <token>'")]
    [InlineData("Bearer garbage", "not a well-formed JWT")]
    [InlineData("Bearer a.b", "not a well-formed JWT")]
    [InlineData("Bearer !!!.???.###", "not a well-formed JWT")]
    [InlineData("Bearer e30.e30.e30.e30.e30", "not a well-formed JWT")]
    public async Task A_malformed_Authorization_header_is_rejected(string header, string reason)
    {
        var result = await _validator.ValidateAsync(header, TestIssuer.ChannelId, TestIssuer.ServiceUrl, CancellationToken.None);

        AssertRejected(result, reason);
        Assert.Equal(0, _issuer.BotFrameworkKeySetFetches);
    }

    [Fact]
    public async Task An_oversized_token_is_rejected_before_it_is_parsed()
    {
        var token = _issuer.BotFrameworkToken() + new string('A', 20_000);

        AssertRejected(await Validate(token), "too long");
    }

    [Fact]
    public async Task The_bearer_scheme_is_matched_without_regard_to_case()
    {
        var result = await _validator.ValidateAsync("bearer " + _issuer.BotFrameworkToken(), TestIssuer.ChannelId, TestIssuer.ServiceUrl, CancellationToken.None);

        Assert.True(result.IsAccepted, result.ToString());
    }

    // ---- anonymous mode ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Without_an_app_id_a_request_without_a_header_is_accepted_as_anonymous(string? appId)
    {
        var anonymous = _issuer.CreateValidator(appId);

        var result = await anonymous.ValidateAsync(null, "msteams", "http://localhost:56150/_connector", CancellationToken.None);

        Assert.True(result.IsAccepted);
        Assert.True(result.IsAnonymous);
        Assert.Equal(InboundCaller.Anonymous, result.Caller);
        Assert.Null(result.AppId);
        Assert.Null(result.Identity);
    }

    [Fact]
    public async Task Without_an_app_id_a_request_with_a_token_is_rejected_since_there_is_nothing_to_check_it_against()
    {
        var anonymous = _issuer.CreateValidator(appId: null);

        AssertRejected(await Validate(_issuer.BotFrameworkToken(), validator: anonymous), "no app id is configured");
    }

    // ---- the issuer unreachable ----

    [Theory]
    [InlineData(IssuerFault.Unavailable)]
    [InlineData(IssuerFault.Garbage)]
    public async Task An_unreachable_or_broken_issuer_means_a_clean_rejection_and_a_logged_warning(IssuerFault fault)
    {
        _issuer.Fault = fault;

        var result = await Validate(_issuer.BotFrameworkToken());

        AssertRejected(result, "signing keys could not be fetched");
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(TestIssuer.BotFrameworkMetadataUrl));
    }

    [Fact]
    public async Task A_broken_issuer_is_not_asked_again_on_every_request_and_is_used_once_it_recovers()
    {
        _issuer.Fault = IssuerFault.Garbage;
        AssertRejected(await Validate(_issuer.BotFrameworkToken()), "could not be fetched");
        _issuer.Fault = IssuerFault.None;

        AssertRejected(await Validate(_issuer.BotFrameworkToken()), "could not be fetched");
        Assert.Equal(0, _issuer.BotFrameworkKeySetFetches);

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await Validate(_issuer.BotFrameworkToken())).IsAccepted);
    }

    [Fact]
    public async Task When_a_scheduled_refresh_fails_the_keys_fetched_before_stay_in_use()
    {
        Assert.True((await Validate(_issuer.BotFrameworkToken())).IsAccepted);
        _clock.Advance(TimeSpan.FromHours(25));
        _issuer.Fault = IssuerFault.Unavailable;

        var result = await Validate(_issuer.BotFrameworkToken());

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("keeping the keys fetched before"));
    }

    // ---- registration ----

    [Fact]
    public async Task AddTeamsAuthentication_binds_the_Teams_section_and_registers_one_validator_that_TestIssuer_can_serve()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_issuer.Settings()).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_clock);
        services.AddTeamsAuthentication(configuration);
        _issuer.AddTo(services);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TeamsOptions>>().Value;
        Assert.Equal((TestIssuer.AppId, TestIssuer.BotFrameworkMetadataUrl), (options.AppId, options.BotFrameworkOpenIdMetadataUrl));
        var validator = provider.GetRequiredService<BotFrameworkTokenValidator>();
        Assert.Same(validator, provider.GetRequiredService<BotFrameworkTokenValidator>());

        Assert.True((await Validate(_issuer.BotFrameworkToken(), validator: validator)).IsAccepted);
        Assert.True((await Validate(_issuer.EntraToken("2.0"), validator: validator)).IsAccepted);
    }

    [Fact]
    public void AddTeamsAuthentication_after_the_section_is_bound_does_not_bind_it_twice()
    {
        var settings = new Dictionary<string, string?>(_issuer.Settings()) { ["Teams:AllowedServiceUrlHosts:0"] = "connector.example" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddOptions<TeamsOptions>().Bind(configuration.GetSection(TeamsOptions.Section)); // e.g. the outbound side's registration
        services.AddTeamsAuthentication(configuration).AddTeamsAuthentication(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(["connector.example"], provider.GetRequiredService<IOptions<TeamsOptions>>().Value.AllowedServiceUrlHosts);
        Assert.Single(services, d => d.ServiceType == typeof(BotFrameworkTokenValidator));
    }

    [Fact]
    public void AddTeamsAuthentication_refuses_a_metadata_url_that_is_not_absolute()
    {
        var settings = new Dictionary<string, string?>(_issuer.Settings()) { ["Teams:EntraOpenIdMetadataUrl"] = "/keys" };
        var services = new ServiceCollection().AddLogging()
            .AddTeamsAuthentication(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TeamsOptions>>().Value);
        Assert.Contains("EntraOpenIdMetadataUrl", error.Message);
    }

    private sealed class ListLogger : ILogger<BotFrameworkTokenValidator>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
