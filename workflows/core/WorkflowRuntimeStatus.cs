using System.Text.Json.Serialization;

namespace Growbin.Workflows;

[JsonConverter(typeof(JsonStringEnumConverter<WorkflowRuntimeStatus>))]
public enum WorkflowRuntimeStatus
{
    /// <summary>No such instance.</summary>
    Unknown,

    /// <summary>Started; no activity has completed yet.</summary>
    Pending,

    Running,
    Completed,
    Failed,
}
