namespace Growbin.Contracts;

/// <summary>
/// Names of the Dapr components in components/ (and k8s/). The only place these strings appear in C#:
/// the consistency tests check that each one exists as a component and is scoped to every app that uses it.
/// </summary>
public static class DaprComponents
{
    /// <summary>RabbitMQ pub/sub for integration events.</summary>
    public const string PubSub = "pubsub";

    /// <summary>Redis state store; also the actor state store.</summary>
    public const string StateStore = "statestore";

    /// <summary>S3 output binding for uploaded and normalized images.</summary>
    public const string Images = "images";

    /// <summary>Redis state shared by auth (writes) and every API (reads): access tokens revoked by logout, by jti.</summary>
    public const string TokenDenylist = "token-denylist";

    /// <summary>PostgreSQL output binding (schema growbin).</summary>
    public const string Database = "growbin-db";

    /// <summary>HTTP output binding to the Kakao Local API.</summary>
    public const string KakaoLocal = "kakao-local";

    /// <summary>HTTP output bindings to the OAuth providers' token endpoints (code exchange).</summary>
    public const string OAuthKakao = "oauth-kakao";

    /// <inheritdoc cref="OAuthKakao"/>
    public const string OAuthNaver = "oauth-naver";

    /// <inheritdoc cref="OAuthKakao"/>
    public const string OAuthGoogle = "oauth-google";

    /// <summary>
    /// HTTP output bindings to the OAuth providers' profile endpoints: another host than the token endpoint, and a
    /// bindings.http component has one base url.
    /// </summary>
    public const string OAuthKakaoProfile = "oauth-kakao-profile";

    /// <inheritdoc cref="OAuthKakaoProfile"/>
    public const string OAuthNaverProfile = "oauth-naver-profile";

    /// <inheritdoc cref="OAuthKakaoProfile"/>
    public const string OAuthGoogleProfile = "oauth-google-profile";

    /// <summary>Cron input binding that drives task-scheduler's periodic jobs.</summary>
    public const string SchedulerTick = "scheduler-tick";

    /// <summary>Redis distributed lock (task-scheduler runs each job once even if a second replica appears).</summary>
    public const string Lock = "lock";

    /// <summary>Secret store: a local JSON file locally, Kubernetes secrets in a cluster.</summary>
    public const string SecretStore = "secretstore";
}
