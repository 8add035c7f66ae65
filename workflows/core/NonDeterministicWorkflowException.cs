namespace Growbin.Workflows;

/// <summary>The workflow's code no longer matches its recorded history (it changed while instances were in flight).</summary>
public sealed class NonDeterministicWorkflowException(string message) : Exception(message);
