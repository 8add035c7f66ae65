using System.Text.Json;
using Dapr.Client;

namespace Growbin.TestSupport.Dapr;

public sealed partial class InMemoryDaprClient
{
    private readonly object _bindingsGate = new();
    private readonly Dictionary<string, IBindingHandler> _bindings = new(StringComparer.Ordinal);
    private readonly List<BindingInvocation> _bindingInvocations = [];

    /// <summary>Every binding call so far, including ones that failed or hit an unknown binding.</summary>
    public IReadOnlyList<BindingInvocation> BindingInvocations
    {
        get
        {
            lock (_bindingsGate)
            {
                return _bindingInvocations.ToList();
            }
        }
    }

    /// <summary>Routes calls to the named binding component (the component's metadata.name) to the handler.</summary>
    public InMemoryDaprClient RegisterBinding(string bindingName, IBindingHandler handler)
    {
        RequireNotEmpty(bindingName, nameof(bindingName));
        ArgumentNullException.ThrowIfNull(handler);
        lock (_bindingsGate)
        {
            _bindings[bindingName] = handler;
        }

        return this;
    }

    public override async Task InvokeBindingAsync<TRequest>(string bindingName, string operation, TRequest data,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(bindingName, nameof(bindingName));
        RequireNotEmpty(operation, nameof(operation));
        _ = await InvokeBindingAsync(ToRequest(bindingName, operation, data, metadata), cancellationToken);
    }

    public override async Task<TResponse> InvokeBindingAsync<TRequest, TResponse>(string bindingName, string operation,
        TRequest data, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(bindingName, nameof(bindingName));
        RequireNotEmpty(operation, nameof(operation));
        var response = await InvokeBindingAsync(ToRequest(bindingName, operation, data, metadata), cancellationToken);
        if (response.Data.IsEmpty)
        {
            return default!;
        }

        try
        {
            return JsonSerializer.Deserialize<TResponse>(response.Data.Span, _json)!;
        }
        catch (JsonException ex)
        {
            throw new global::Dapr.DaprException(
                "Binding operation failed: the response payload could not be deserialized. See InnerException for details.", ex);
        }
    }

    public override async Task<BindingResponse> InvokeBindingAsync(BindingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfDisposed();

        IBindingHandler? handler;
        lock (_bindingsGate)
        {
            _bindingInvocations.Add(new BindingInvocation(request.BindingName, request.Operation, request.Data.ToArray(),
                new Dictionary<string, string>(request.Metadata)));
            _bindings.TryGetValue(request.BindingName, out handler);
        }

        if (handler is null)
        {
            throw DaprErrors.Binding(request.BindingName, $"couldn't find output binding {request.BindingName}");
        }

        try
        {
            return await handler.HandleAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw DaprErrors.Binding(request.BindingName, ex.Message, ex);
        }
    }

    // The typed overloads send JSON, like the real client: even a null payload goes out as "null".
    private BindingRequest ToRequest<TRequest>(string bindingName, string operation, TRequest data,
        IReadOnlyDictionary<string, string>? metadata)
    {
        var request = new BindingRequest(bindingName, operation)
        {
            Data = JsonSerializer.SerializeToUtf8Bytes(data, _json),
        };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            request.Metadata[key] = value;
        }

        return request;
    }
}
