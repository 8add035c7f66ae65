namespace Growbin.Workflows;

/// <summary>The untyped face of <see cref="WorkflowActivity{TInput,TOutput}"/> that the runtime calls.</summary>
public interface IWorkflowActivity
{
    internal Type InputType { get; }

    internal Task<object?> RunAsync(WorkflowActivityContext context, object? input);
}
