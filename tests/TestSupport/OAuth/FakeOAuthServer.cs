using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Growbin.TestSupport.OAuth;

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port) playing the token and profile endpoints of Kakao, Naver and Google
/// on their real paths with their JSON shapes: <c>POST /oauth/token</c> and <c>GET /v2/user/me</c> (kakao),
/// <c>POST /oauth2.0/token</c> and <c>GET /v1/nid/me</c> (naver), <c>POST /token</c> and <c>GET /v1/userinfo</c> (google).
/// <see cref="Consent"/> plays the user agreeing on the provider's authorize page and yields a code; the token endpoint
/// checks client credentials, code, redirect URI (and naver's state) and hands out an access token once per code; the
/// profile endpoint answers for that token. Kakao and Google check PKCE (RFC 7636) as the real ones do: a code issued
/// for a <c>code_challenge</c> is only traded with the <c>code_verifier</c> that hashes to it (Kakao's own SDKs use it:
/// kakao/kakao_flutter_sdk kakao_flutter_sdk_auth auth_code.dart, auth_api.dart); Naver documents no PKCE and ignores
/// it. Failures are scripted with <see cref="FailNext"/>; every call is recorded.
/// <see cref="AttachTo"/> wires the six oauth-* components of an <see cref="InMemoryDaprClient"/> to this server through
/// <see cref="HttpBindingHandler"/>s configured like components/oauth-*.yaml.
/// </summary>
public sealed class FakeOAuthServer : IAsyncDisposable
{
    public const string Kakao = "kakao";
    public const string Naver = "naver";
    public const string Google = "google";

    private static readonly Dictionary<string, Shape> Shapes = new(StringComparer.Ordinal)
    {
        [Kakao] = new(Kakao, "https://kauth.kakao.com/oauth/authorize", "/oauth/token", "/v2/user/me",
            DaprComponents.OAuthKakao, DaprComponents.OAuthKakaoProfile),
        [Naver] = new(Naver, "https://nid.naver.com/oauth2.0/authorize", "/oauth2.0/token", "/v1/nid/me",
            DaprComponents.OAuthNaver, DaprComponents.OAuthNaverProfile),
        [Google] = new(Google, "https://accounts.google.com/o/oauth2/v2/auth", "/token", "/v1/userinfo",
            DaprComponents.OAuthGoogle, DaprComponents.OAuthGoogleProfile),
    };

    private readonly object _gate = new();
    private readonly WebApplication _app;
    private readonly Dictionary<string, (string Id, string Secret)> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Provider, FakeOAuthAccount Account)> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Provider, bool Token), Queue<FakeOAuthFailure>> _failures = new();
    private readonly List<FakeOAuthRequest> _requests = [];
    private readonly List<HttpBindingHandler> _handlers = [];
    private int _disposed;

    private FakeOAuthServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:{port}/</c></summary>
    public Uri BaseAddress { get; }

    /// <summary>The calls received so far, in order.</summary>
    public IReadOnlyList<FakeOAuthRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    public static async Task<FakeOAuthServer> StartAsync(CancellationToken cancellationToken = default)
    {
        FakeOAuthServer? server = null;
        var (app, baseAddress) = await LoopbackServer.StartAsync(typeof(FakeOAuthServer), web =>
        {
            foreach (var shape in Shapes.Values)
            {
                web.MapPost(shape.TokenPath, context => server!.TokenAsync(shape, context));
                web.MapGet(shape.ProfilePath, context => server!.ProfileAsync(shape, context));
            }
        }, cancellationToken);
        server = new FakeOAuthServer(app, baseAddress);
        return server;
    }

    /// <summary>Registers the app's client at <paramref name="provider"/>; the token endpoint accepts only these credentials.</summary>
    public FakeOAuthServer RegisterClient(string provider, string clientId, string clientSecret)
    {
        RequireProvider(provider);
        lock (_gate)
        {
            _clients[provider] = (clientId, clientSecret);
        }

        return this;
    }

    /// <summary>
    /// The user agrees on the provider's authorize page: checks the URL as the provider would (its real address,
    /// <c>response_type=code</c>, a registered <c>client_id</c>, a <c>redirect_uri</c> and a <c>state</c>; google also
    /// <c>scope</c> with openid; for kakao and google an optional PKCE <c>code_challenge</c> with its method) and returns
    /// what the redirect back carries. Throws when the provider would show an error page.
    /// </summary>
    public FakeOAuthConsent Consent(string authorizationUrl, FakeOAuthAccount account)
    {
        var uri = new Uri(authorizationUrl);
        var shape = Shapes.Values.SingleOrDefault(s => uri.GetLeftPart(UriPartial.Path) == s.AuthorizeUrl)
            ?? throw new InvalidOperationException($"{uri.GetLeftPart(UriPartial.Path)} is no provider's authorize page.");
        var query = QueryHelpers.ParseQuery(uri.Query);
        string Field(string name) => query.TryGetValue(name, out var v) && v.Count == 1 && !string.IsNullOrEmpty(v[0])
            ? v[0]!
            : throw new InvalidOperationException($"{shape.Name} refuses the authorize request: '{name}' is missing.");

        if (Field("response_type") != "code")
        {
            throw new InvalidOperationException($"{shape.Name} refuses the authorize request: response_type must be code.");
        }

        lock (_gate)
        {
            if (!_clients.TryGetValue(shape.Name, out var client) || client.Id != Field("client_id"))
            {
                throw new InvalidOperationException($"{shape.Name} refuses the authorize request: unknown client_id.");
            }
        }

        if (shape.Name == Google && !Field("scope").Split(' ').Contains("openid"))
        {
            throw new InvalidOperationException("google refuses the authorize request: scope must include openid.");
        }

        if (shape.Name == Kakao && !long.TryParse(account.Id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException("Kakao account ids are numbers.", nameof(account));
        }

        var redirectUri = Field("redirect_uri");
        var state = Field("state");
        var (challenge, method) = shape.Name == Naver ? (null, null) : PkceChallenge(shape, query);
        var code = NewToken();
        lock (_gate)
        {
            _codes[code] = new IssuedCode(shape.Name, account, redirectUri, state, challenge, method);
        }

        return new FakeOAuthConsent(code, state, redirectUri);
    }

    /// <summary>Scripts the next answer of <paramref name="provider"/>'s token or profile endpoint (by the failure's kind).</summary>
    public FakeOAuthServer FailNext(string provider, FakeOAuthFailure failure)
    {
        RequireProvider(provider);
        var key = (provider, failure is FakeOAuthFailure.TokenServerError or FakeOAuthFailure.TokenInvalidGrant or FakeOAuthFailure.TokenMalformedJson);
        lock (_gate)
        {
            if (!_failures.TryGetValue(key, out var queue))
            {
                _failures[key] = queue = new Queue<FakeOAuthFailure>();
            }

            queue.Enqueue(failure);
        }

        return this;
    }

    /// <summary>
    /// Registers oauth-kakao, oauth-naver, oauth-google and their -profile components on <paramref name="dapr"/>, each an
    /// <see cref="HttpBindingHandler"/> on this server with errorIfNot2XX false and maxResponseBodySize 1Mi, as in components/.
    /// </summary>
    public InMemoryDaprClient AttachTo(InMemoryDaprClient dapr)
    {
        foreach (var shape in Shapes.Values)
        {
            foreach (var component in new[] { shape.TokenComponent, shape.ProfileComponent })
            {
                var handler = new HttpBindingHandler(BaseAddress.ToString()) { ErrorIfNot2XX = false, MaxResponseBodySize = 1L << 20 };
                lock (_gate)
                {
                    _handlers.Add(handler);
                }

                dapr.RegisterBinding(component, handler);
            }
        }

        return dapr;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await LoopbackServer.StopAsync(_app);
        lock (_gate)
        {
            _handlers.ForEach(h => h.Dispose());
        }
    }

    private async Task TokenAsync(Shape shape, HttpContext context)
    {
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        Record(shape, "token", context, form);
        switch (NextFailure(shape.Name, token: true))
        {
            case FakeOAuthFailure.TokenServerError:
                await WriteHtmlAsync(context, 500);
                return;
            case FakeOAuthFailure.TokenInvalidGrant:
                await CodeRejectedAsync(shape, context);
                return;
            case FakeOAuthFailure.TokenMalformedJson:
                await WriteRawJsonAsync(context, 200, """{"access_token":"abc","token_type":""");
                return;
        }

        if (!context.Request.HasFormContentType)
        {
            await TokenErrorAsync(shape, context, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
            return;
        }

        if (form.GetValueOrDefault("grant_type") != "authorization_code")
        {
            await TokenErrorAsync(shape, context, 400, "unsupported_grant_type", "grant_type must be authorization_code.");
            return;
        }

        bool knownClient;
        IssuedCode? issued;
        var code = form.GetValueOrDefault("code") ?? string.Empty;
        lock (_gate)
        {
            knownClient = _clients.TryGetValue(shape.Name, out var client)
                && client.Id == form.GetValueOrDefault("client_id") && client.Secret == form.GetValueOrDefault("client_secret");
            // A code is good for one exchange, even a failed one.
            if (_codes.Remove(code, out issued) && issued.Provider != shape.Name)
            {
                issued = null;
            }
        }

        if (!knownClient)
        {
            await TokenErrorAsync(shape, context, 401, "invalid_client", "Bad client credentials.");
            return;
        }

        if (issued is null)
        {
            await CodeRejectedAsync(shape, context);
            return;
        }

        if (shape.Name == Naver ? form.GetValueOrDefault("state") != issued.State : form.GetValueOrDefault("redirect_uri") != issued.RedirectUri)
        {
            await CodeRejectedAsync(shape, context);
            return;
        }

        if (PkceRefusal(shape, issued, form.GetValueOrDefault("code_verifier")) is { } refusal)
        {
            await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = refusal });
            return;
        }

        var accessToken = NewToken();
        lock (_gate)
        {
            _tokens[accessToken] = (shape.Name, issued.Account);
        }

        await WriteJsonAsync(context, 200, shape.Name switch
        {
            Kakao => new JsonObject
            {
                ["token_type"] = "bearer",
                ["access_token"] = accessToken,
                ["expires_in"] = 21599,
                ["refresh_token"] = NewToken(),
                ["refresh_token_expires_in"] = 5183999,
                ["scope"] = "profile_nickname profile_image account_email",
            },
            // Naver sends expires_in as a string.
            Naver => new JsonObject
            {
                ["access_token"] = accessToken,
                ["refresh_token"] = NewToken(),
                ["token_type"] = "bearer",
                ["expires_in"] = "3600",
            },
            _ => new JsonObject
            {
                ["access_token"] = accessToken,
                ["expires_in"] = 3599,
                ["scope"] = "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile",
                ["token_type"] = "Bearer",
                ["id_token"] = "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
            },
        });
    }

    private async Task ProfileAsync(Shape shape, HttpContext context)
    {
        Record(shape, "profile", context, new Dictionary<string, string>());
        var failure = NextFailure(shape.Name, token: false);
        if (failure == FakeOAuthFailure.ProfileServerError)
        {
            await WriteHtmlAsync(context, 500);
            return;
        }

        if (failure == FakeOAuthFailure.ProfileMalformedJson)
        {
            await WriteRawJsonAsync(context, 200, """{"id":12""");
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        (string Provider, FakeOAuthAccount Account) holder = default;
        bool known;
        lock (_gate)
        {
            known = header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.TryGetValue(header[7..], out holder)
                && holder.Provider == shape.Name;
        }

        if (!known)
        {
            await WriteJsonAsync(context, 401, shape.Name switch
            {
                Kakao => new JsonObject { ["msg"] = "this access token does not exist", ["code"] = -401 },
                Naver => new JsonObject { ["resultcode"] = "024", ["message"] = "Authentication failed (인증 실패하였습니다.)" },
                _ => new JsonObject { ["error"] = "invalid_request", ["error_description"] = "Invalid Credentials" },
            });
            return;
        }

        var account = holder.Account!;
        var withoutId = failure == FakeOAuthFailure.ProfileWithoutId;
        await WriteJsonAsync(context, 200, shape.Name switch
        {
            Kakao => KakaoProfile(account, withoutId),
            Naver => NaverProfile(account, withoutId),
            _ => GoogleProfile(account, withoutId),
        });
    }

    private static JsonObject KakaoProfile(FakeOAuthAccount account, bool withoutId)
    {
        var profile = new JsonObject
        {
            ["connected_at"] = "2026-11-01T09:00:00Z",
            ["kakao_account"] = new JsonObject
            {
                ["profile_nickname_needs_agreement"] = false,
                ["profile_image_needs_agreement"] = false,
                ["profile"] = new JsonObject
                {
                    ["nickname"] = account.Nickname,
                    ["thumbnail_image_url"] = account.ProfileImageUrl,
                    ["profile_image_url"] = account.ProfileImageUrl,
                    ["is_default_image"] = account.ProfileImageUrl is null,
                },
                ["has_email"] = account.Email is not null,
                ["email_needs_agreement"] = false,
                ["is_email_valid"] = account.Email is not null ? true : null,
                ["is_email_verified"] = account.Email is not null ? true : null,
                ["email"] = account.Email,
            },
        };
        if (!withoutId)
        {
            profile["id"] = long.Parse(account.Id, CultureInfo.InvariantCulture);
        }

        return profile;
    }

    private static JsonObject NaverProfile(FakeOAuthAccount account, bool withoutId)
    {
        var response = new JsonObject
        {
            ["nickname"] = account.Nickname,
            ["profile_image"] = account.ProfileImageUrl,
            ["email"] = account.Email,
        };
        if (!withoutId)
        {
            response["id"] = account.Id;
        }

        return new JsonObject { ["resultcode"] = "00", ["message"] = "success", ["response"] = response };
    }

    private static JsonObject GoogleProfile(FakeOAuthAccount account, bool withoutId)
    {
        var profile = new JsonObject
        {
            ["name"] = account.Nickname,
            ["picture"] = account.ProfileImageUrl,
            ["email"] = account.Email,
            ["email_verified"] = account.Email is not null,
        };
        if (!withoutId)
        {
            profile["sub"] = account.Id;
        }

        return profile;
    }

    // PKCE at the authorize page (RFC 7636 §4.3): code_challenge_method defaults to plain; only plain and S256 exist.
    // The challenge is 43–128 unreserved characters (§4.2: an S256 challenge is always 43). Naver has no PKCE and
    // ignores both parameters.
    private static (string? Challenge, string? Method) PkceChallenge(Shape shape, Dictionary<string, StringValues> query)
    {
        if (!query.TryGetValue("code_challenge", out var challenge))
        {
            return query.ContainsKey("code_challenge_method")
                ? throw new InvalidOperationException($"{shape.Name} refuses the authorize request: code_challenge_method without code_challenge.")
                : (null, null);
        }

        var method = query.TryGetValue("code_challenge_method", out var m) ? m.ToString() : "plain";
        if (method is not ("S256" or "plain"))
        {
            throw new InvalidOperationException($"{shape.Name} refuses the authorize request: code_challenge_method '{method}' is not supported.");
        }

        if (challenge.Count != 1 || !IsPkceString(challenge[0]))
        {
            throw new InvalidOperationException($"{shape.Name} refuses the authorize request: code_challenge is not 43–128 unreserved characters.");
        }

        return (challenge[0], method);
    }

    // PKCE at the token endpoint. RFC 7636 §4.6: the verifier, transformed by the code's method, must equal the
    // challenge, else invalid_grant. Google also answers invalid_grant for a missing verifier ("Missing code verifier.",
    // googleapis/google-api-php-client#2669) and for a verifier sent for a code issued without a challenge ("code_verifier
    // or verifier is not needed.", googleapis/google-api-nodejs-client#3680); for Kakao the RFC's answer is used.
    private static string? PkceRefusal(Shape shape, IssuedCode issued, string? verifier)
    {
        if (issued.CodeChallenge is null)
        {
            return verifier is not null && shape.Name == Google ? "code_verifier or verifier is not needed." : null;
        }

        if (string.IsNullOrEmpty(verifier))
        {
            return "Missing code verifier.";
        }

        var transformed = issued.ChallengeMethod == "S256"
            ? Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_')
            : verifier;
        return IsPkceString(verifier) && transformed == issued.CodeChallenge ? null : "Invalid code verifier.";
    }

    // RFC 7636 §4.1: 43–128 characters of [A-Z] [a-z] [0-9] "-" "." "_" "~".
    private static bool IsPkceString(string? value) =>
        value is { Length: >= 43 and <= 128 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    // What each provider says for an expired, used or unknown code.
    private static Task CodeRejectedAsync(Shape shape, HttpContext context) => shape.Name switch
    {
        Kakao => WriteJsonAsync(context, 400, new JsonObject
        {
            ["error"] = "invalid_grant",
            ["error_description"] = "authorization code not found for code=…",
            ["error_code"] = "KOE320",
        }),
        // Naver answers 200 with the error in the body.
        Naver => WriteJsonAsync(context, 200, new JsonObject
        {
            ["error"] = "invalid_request",
            ["error_description"] = "no valid data in session",
        }),
        _ => WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "Bad Request" }),
    };

    private static Task TokenErrorAsync(Shape shape, HttpContext context, int status, string error, string description) =>
        WriteJsonAsync(context, shape.Name == Naver ? 200 : status, new JsonObject
        {
            ["error"] = error,
            ["error_description"] = description,
        });

    private void Record(Shape shape, string endpoint, HttpContext context, Dictionary<string, string> form)
    {
        var request = context.Request;
        lock (_gate)
        {
            _requests.Add(new FakeOAuthRequest(shape.Name, endpoint, request.Method, request.Path + request.QueryString,
                request.ContentType, request.Headers.Authorization.FirstOrDefault(), form));
        }
    }

    private FakeOAuthFailure? NextFailure(string provider, bool token)
    {
        lock (_gate)
        {
            return _failures.TryGetValue((provider, token), out var queue) && queue.TryDequeue(out var failure) ? failure : null;
        }
    }

    private static void RequireProvider(string provider)
    {
        if (!Shapes.ContainsKey(provider))
        {
            throw new ArgumentException($"The fake knows kakao, naver and google, not '{provider}'.", nameof(provider));
        }
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    private static Task WriteJsonAsync(HttpContext context, int status, JsonObject body) =>
        WriteRawJsonAsync(context, status, body.ToJsonString());

    private static async Task WriteRawJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=UTF-8";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    private static async Task WriteHtmlAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        await context.Response.WriteAsync("<html><body><h1>500 Internal Server Error</h1></body></html>", context.RequestAborted);
    }

    private sealed record Shape(string Name, string AuthorizeUrl, string TokenPath, string ProfilePath, string TokenComponent, string ProfileComponent);

    private sealed record IssuedCode(string Provider, FakeOAuthAccount Account, string RedirectUri, string State,
        string? CodeChallenge, string? ChallengeMethod);
}
