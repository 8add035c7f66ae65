namespace Growbin.Contracts.Pipeline;

/// <summary>Input of <c>respond</c>: what the model saw, the dataset's rule for it, and the person's question.</summary>
public sealed record RespondRequest(string TaskId, Classification Classification, DisposalRule Rule, string? Question);
