namespace Growbin.TestSupport.Kakao;

/// <summary>A scripted misbehaviour of <see cref="FakeKakaoServer"/>'s next answer (any of its endpoints).</summary>
public enum FakeKakaoFailure
{
    /// <summary>401 <c>{"errorType":"AccessDeniedError","message":...}</c>, whatever key was sent.</summary>
    Unauthorized,

    /// <summary>429 <c>{"errorType":"RequestThrottled","message":"API limit has been exceeded."}</c> (daily quota spent).</summary>
    RateLimited,

    /// <summary>The normal answer, after <see cref="FakeKakaoServer.SlowDelay"/> — longer than any caller's timeout.</summary>
    Slow,

    /// <summary>200 with a cut-off JSON body.</summary>
    MalformedJson,

    /// <summary>500 with an HTML error page.</summary>
    ServerError,
}
