using System.Text.Json;

namespace Growbin.Workflows;

public sealed record WorkflowStartRequest(string Name, JsonElement? Input);
