namespace Growbin.TestSupport.Kakao;

/// <summary>One call as <see cref="FakeKakaoServer"/> received it.</summary>
/// <param name="Number">1 for the first call the server received, then 2, 3 …</param>
/// <param name="Endpoint"><c>keyword</c>, <c>category</c> or <c>address</c>.</param>
/// <param name="PathAndQuery">The request path with its (still encoded) query string.</param>
/// <param name="Query">The decoded query parameters (the last value when one is repeated).</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Status">The status the server answered with.</param>
public sealed record FakeKakaoRequest(
    int Number,
    string Endpoint,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Query,
    string? Authorization,
    int Status);
