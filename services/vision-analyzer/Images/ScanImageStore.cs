using Dapr.Client;
using Growbin.Contracts;

namespace Growbin.VisionAnalyzer.Images;

/// <summary>Reads the cleaned image that <c>upload</c> stored, through the <c>images</c> binding (raw bytes, no base64).</summary>
public sealed class ScanImageStore(DaprClient dapr)
{
    public async Task<ReadOnlyMemory<byte>> ReadAsync(string imageKey, CancellationToken cancellationToken)
    {
        var request = new BindingRequest(DaprComponents.Images, "get") { Metadata = { ["key"] = imageKey } };
        var response = await dapr.InvokeBindingAsync(request, cancellationToken);
        return response.Data;
    }
}
