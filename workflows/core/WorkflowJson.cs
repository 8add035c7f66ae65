using System.Text.Json;

namespace Growbin.Workflows;

/// <summary>How workflow inputs, outputs and activity payloads are written: the web defaults (camelCase), as on the wire.</summary>
public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
