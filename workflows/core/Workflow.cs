using System.Text.Json;

namespace Growbin.Workflows;

/// <summary>
/// A durable workflow, as in Dapr.Workflow: <see cref="RunAsync"/> is replayed from the start every time the
/// workflow wakes, and each <see cref="WorkflowContext.CallActivityAsync{T}"/> whose result is already in the history
/// returns it without running again. The code must be deterministic: no I/O, clocks, random numbers or Guid.NewGuid —
/// use the context; do the work in activities.
/// </summary>
public abstract class Workflow<TInput, TOutput> : IWorkflow
{
    public abstract Task<TOutput> RunAsync(WorkflowContext context, TInput input);

    async Task<JsonElement?> IWorkflow.RunAsync(WorkflowContext context, JsonElement? input, JsonSerializerOptions json)
    {
        var typedInput = input is { } element ? element.Deserialize<TInput>(json)! : default!;
        var output = await RunAsync(context, typedInput);
        return JsonSerializer.SerializeToElement(output, json);
    }
}
