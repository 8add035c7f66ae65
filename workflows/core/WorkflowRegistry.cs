using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Growbin.Workflows;

/// <summary>The registered workflows and local activities, by name.</summary>
public sealed class WorkflowRegistry(IOptions<WorkflowRuntimeOptions> options, IServiceProvider services)
{
    public bool HasWorkflow(string name) => options.Value.Workflows.ContainsKey(name);

    public IWorkflow? CreateWorkflow(string name) =>
        options.Value.Workflows.TryGetValue(name, out var type) ? (IWorkflow)ActivatorUtilities.GetServiceOrCreateInstance(services, type) : null;

    public Type? FindActivity(string name) => options.Value.Activities.GetValueOrDefault(name);
}
