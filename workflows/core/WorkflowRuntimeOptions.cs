namespace Growbin.Workflows;

/// <summary>The workflows and local activities an app hosts, and how the runtime drives them (config section <c>Workflows</c>).</summary>
public sealed class WorkflowRuntimeOptions
{
    public const string SectionName = "Workflows";

    /// <summary>The longest one activity attempt may take before it counts as a transient failure.</summary>
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The reminder that drives an instance repeats at this period until the instance finishes: if a wake-up is lost
    /// (a crash mid-step), the next one resumes the instance from its last checkpoint.
    /// </summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMinutes(1);

    internal Dictionary<string, Type> Workflows { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, Type> Activities { get; } = new(StringComparer.Ordinal);

    /// <summary>Registers a workflow under its class name, or <paramref name="name"/>.</summary>
    public void RegisterWorkflow<TWorkflow>(string? name = null)
        where TWorkflow : class, IWorkflow =>
        Workflows[name ?? typeof(TWorkflow).Name] = typeof(TWorkflow);

    /// <summary>Registers an activity that runs in this app, under its class name or <paramref name="name"/>.</summary>
    public void RegisterActivity<TActivity>(string? name = null)
        where TActivity : class, IWorkflowActivity =>
        Activities[name ?? typeof(TActivity).Name] = typeof(TActivity);
}
