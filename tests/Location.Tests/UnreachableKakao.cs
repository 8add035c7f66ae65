using Dapr.Client;
using Growbin.TestSupport.Dapr;

namespace Growbin.Location.Tests;

/// <summary>kakao-local when dapi.kakao.com cannot be reached: the component fails the way Go's HTTP client does.</summary>
public sealed class UnreachableKakao : IBindingHandler
{
    public Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct) =>
        throw new InvalidOperationException(
            "Get \"https://dapi.kakao.com/v2/local/search/keyword.json\": dial tcp: lookup dapi.kakao.com: no such host");
}
