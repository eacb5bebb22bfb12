using System.Text.Json.Nodes;
using OkrBot.Tests.Teams.Auth;

namespace OkrBot.Tests.Hostile;

/// <summary>
/// The hostile input catalogue, Bot Framework authentication: each way the token of a POST /api/messages can be wrong (the
/// validator's own tests in tests/Teams/Auth go through every claim; these go through the real endpoint), and service URLs
/// the bot must not answer. Each is refused with nothing processed: no person registered, no reply, no write.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class TeamsAuthCatalogue(HostileWorld world)
{
    public const string Area = "Bot Framework auth";

    private const string TokenRefused = "problem: the request's token was not accepted";

    public static IReadOnlyList<HostileCase> Cases { get; } =
    [
        Refused("no Authorization header", w => w.PostTeamsRawAsync(Help(w), null), "problem: authorization required",
            "This bot accepts only requests signed by the Bot Framework."),
        Refused("a Basic instead of a Bearer header", w => w.PostTeamsRawAsync(Help(w), "Basic dXNlcjpwYXNz"), TokenRefused,
            "the Authorization header is not 'Bearer <token>'"),
        Refused("a bearer token that is not a JWT", w => w.PostTeamsRawAsync(Help(w), "Bearer not.a.token"), TokenRefused,
            "the token is not a well-formed JWT"),
        Refused("a token of 20 KB", w => w.PostTeamsRawAsync(Help(w), "Bearer " + new string('a', 20 * 1024)), TokenRefused,
            "the token is too long"),
        Refused("a token from an untrusted issuer", w => Send(w, c => c["iss"] = "https://evil.example.com"), TokenRefused,
            "the token's issuer is not trusted"),
        Refused("a token for another bot", w => Send(w, c => c["aud"] = "another-bots-app-id"), TokenRefused,
            "the token is for another audience"),
        Refused("an Entra token obtained by another app for this bot", w =>
            {
                var claims = w.Bot.Issuer!.EntraClaims();
                claims["appid"] = "another-app";
                return w.PostTeamsRawAsync(Help(w), "Bearer " + TestIssuer.Sign(w.Bot.Issuer.EntraKey, claims));
            }, TokenRefused, "the Entra token was not issued to this bot's app"),
        Refused("an Entra token from an untrusted tenant", w =>
                w.PostTeamsRawAsync(Help(w), "Bearer " + w.Bot.Issuer!.EntraToken(tenant: "72f988bf-86f1-41af-91ab-2d7cd011db47")),
            TokenRefused, "the token's issuer is not trusted"),
        Refused("an expired token (beyond the 5-minute clock skew)", w => Send(w, c =>
        {
            var now = w.Store.Clock.GetUtcNow().ToUnixTimeSeconds();
            (c["nbf"], c["iat"], c["exp"]) = (now - 4000, now - 4000, now - 600);
        }), TokenRefused, "the token has expired"),
        Refused("a token not valid yet (beyond the clock skew)", w => Send(w, c => c["nbf"] = w.Store.Clock.GetUtcNow().ToUnixTimeSeconds() + 600),
            TokenRefused, "the token is not valid yet"),
        Refused("a token without an expiry", w => Send(w, c => c.Remove("exp")), TokenRefused, "the token has no expiry"),
        Refused("a token signed with a key outside the key set under a published key id", w =>
                w.PostTeamsRawAsync(Help(w), "Bearer " + TestIssuer.Sign(w.Bot.Issuer!.CreateKey("msteams"), w.Bot.Issuer.BotFrameworkClaims(),
                    kid: w.Bot.Issuer.BotFrameworkKey.KeyId)),
            TokenRefused, "the token's signature does not verify"),
        Refused("a token whose claims were changed after signing", w =>
            {
                var parts = w.Bot.Issuer!.BotFrameworkToken().Split('.');
                var claims = w.Bot.Issuer.BotFrameworkClaims();
                claims["aud"] = "another-bots-app-id";
                var forged = TestIssuer.Sign(w.Bot.Issuer.BotFrameworkKey, claims).Split('.')[1];
                return w.PostTeamsRawAsync(Help(w), $"Bearer {parts[0]}.{forged}.{parts[2]}");
            }, TokenRefused, "the token's signature does not verify"),
        Refused("an unsigned token (alg none)", w =>
                w.PostTeamsRawAsync(Help(w), "Bearer " + TestIssuer.Unsigned(w.Bot.Issuer!.BotFrameworkClaims(), w.Bot.Issuer.BotFrameworkKey.KeyId)),
            TokenRefused, "the token's signing algorithm is not allowed"),
        Refused("an HS256 token keyed with the published public key", w =>
                w.PostTeamsRawAsync(Help(w), "Bearer " + TestIssuer.SignHs256WithPublicKey(w.Bot.Issuer!.BotFrameworkKey, w.Bot.Issuer.BotFrameworkClaims())),
            TokenRefused, "the token's signing algorithm is not allowed"),
        Refused("a token naming a key id that is not in the key set", w =>
                w.PostTeamsRawAsync(Help(w), "Bearer " + TestIssuer.Sign(w.Bot.Issuer!.CreateKey("msteams"), w.Bot.Issuer.BotFrameworkClaims())),
            TokenRefused, "the token is signed with an unknown key"),
        Refused("a token signed with a key endorsed for webchat only", w =>
                w.PostTeamsRawAsync(Help(w), "Bearer " + TestIssuer.Sign(w.WebchatOnlyKey, w.Bot.Issuer!.BotFrameworkClaims())),
            TokenRefused, "the signing key is not endorsed for the activity's channel"),
        Refused("an activity for a channel the key is not endorsed for", w =>
            {
                var activity = w.Message(w.Alex, "help");
                activity["channelId"] = "slack";
                return w.PostTeamsAsync(activity);
            },
            TokenRefused, "the signing key is not endorsed for the activity's channel"),
        Refused("a token whose serviceurl differs from the activity's", w =>
                w.PostTeamsRawAsync(Help(w), "Bearer " + w.Bot.Issuer!.BotFrameworkToken(serviceUrl: "https://smba.trafficmanager.net/emea/")),
            TokenRefused, "the token's serviceurl does not match the activity's serviceUrl"),
        Refused("an activity pointing the bot at another serviceUrl than its token's", w =>
            {
                var activity = w.Message(w.Alex, "help");
                activity["serviceUrl"] = "https://attacker.example.com/";
                return w.PostTeamsRawAsync(HostileWorld.Json(activity.ToJsonString()), w.BearerToken());
            }, TokenRefused, "the token's serviceurl does not match the activity's serviceUrl"),
        new(Area, "a valid token for an activity whose serviceUrl the bot never calls (http, loopback)", 403,
            "problem: the serviceUrl is not one this bot answers", w =>
            {
                const string loopback = "http://127.0.0.1:9/";
                var activity = w.Message(w.Alex, "help");
                activity["serviceUrl"] = loopback;
                return w.PostTeamsRawAsync(HostileWorld.Json(activity.ToJsonString()), "Bearer " + w.Bot.Issuer!.BotFrameworkToken(serviceUrl: loopback));
            })
        {
            Check = (_, a) => a.AssertLogged("a loopback service URL is only used in anonymous mode"),
        },
        new(Area, "a token sent to a bot with no app id", 401, TokenRefused, async w =>
        {
            var anonymous = await w.AnonymousAsync();
            return await w.PostTeamsRawAsync(HostileWorld.Json(AnonymousHelp(w, anonymous)), w.BearerToken(), anonymous.Http);
        })
        {
            Check = (_, a) => a.AssertLogged("a token was sent but no app id is configured"),
        },
        new(Area, "an unsigned activity to a bot with no app id, from a serviceUrl that is not loopback", 403,
            "problem: the serviceUrl is not one this bot answers", async w =>
            {
                var anonymous = await w.AnonymousAsync();
                var activity = JsonNode.Parse(AnonymousHelp(w, anonymous))!;
                activity["serviceUrl"] = "https://attacker.example.com/";
                return await w.PostTeamsRawAsync(HostileWorld.Json(activity.ToJsonString()), null, anonymous.Http);
            })
        {
            Check = (_, a) => a.AssertLogged("anonymous mode (no app id) calls only loopback service URLs"),
        },
    ];

    public static TheoryData<string> Names => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public Task Refused_with_nothing_processed(string @case) => Cases.Single(c => c.Name == @case).RunAsync(world);

    private static HostileCase Refused(string name, Func<HostileWorld, Task<HttpResponseMessage>> send, string answer, string reason) =>
        new(Area, name, 401, $"{answer} (logged: {reason})", send) { Check = (_, a) => a.AssertLogged(reason) };

    private static HttpContent Help(HostileWorld w) => HostileWorld.Json(w.Message(w.Alex, "help").ToJsonString());

    /// <summary>Alex's "help" as the anonymous bot's client sends it: its own loopback service URL.</summary>
    private static string AnonymousHelp(HostileWorld w, Teams.Bot.TeamsBot anonymous)
    {
        var activity = w.Message(w.Alex, "help");
        activity["serviceUrl"] = anonymous.ServiceUrl;
        return activity.ToJsonString();
    }

    /// <summary>A channel token for Alex's "help" whose claims <paramref name="change"/> edits, signed with the published key.</summary>
    private static Task<HttpResponseMessage> Send(HostileWorld w, Action<Dictionary<string, object?>> change)
    {
        var claims = w.Bot.Issuer!.BotFrameworkClaims();
        change(claims);
        return w.PostTeamsRawAsync(Help(w), "Bearer " + TestIssuer.Sign(w.Bot.Issuer.BotFrameworkKey, claims));
    }
}
