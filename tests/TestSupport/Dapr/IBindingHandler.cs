using Dapr.Client;

namespace Growbin.TestSupport.Dapr;

/// <summary>
/// Plays one output binding component for <see cref="InMemoryDaprClient"/>. Throw to report a component error:
/// the client wraps it the way the sidecar does ("error invoking output binding NAME: MESSAGE").
/// </summary>
public interface IBindingHandler
{
    Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct);
}
