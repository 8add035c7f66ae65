using Growbin.Contracts.Pipeline;

namespace Growbin.ChatLlm.Grounding;

/// <summary>The part of waste-api's scan status that grounds an answer.</summary>
/// <param name="Status">queued, running, completed or failed.</param>
public sealed record ScanView(string TaskId, string Status, ScanResult? Result);
