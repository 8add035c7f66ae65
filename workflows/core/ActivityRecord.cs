using System.Text.Json;

namespace Growbin.Workflows;

/// <summary>One finished activity in a workflow's history: its output or its failure, and how many attempts it took.</summary>
/// <param name="Sequence">Its position among the workflow's activity calls, from 0.</param>
public sealed record ActivityRecord(
    int Sequence,
    string Name,
    int Attempts,
    DateTimeOffset FinishedAt,
    JsonElement? Output = null,
    WorkflowFailureDetails? Failure = null);
