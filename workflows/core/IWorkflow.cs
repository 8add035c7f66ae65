using System.Text.Json;

namespace Growbin.Workflows;

/// <summary>The untyped face of <see cref="Workflow{TInput,TOutput}"/> that the runtime replays.</summary>
public interface IWorkflow
{
    internal Task<JsonElement?> RunAsync(WorkflowContext context, JsonElement? input, JsonSerializerOptions json);
}
