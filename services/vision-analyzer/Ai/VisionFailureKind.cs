namespace Growbin.VisionAnalyzer.Ai;

/// <summary>How a model call went wrong, which decides whether the pipeline may try again.</summary>
public enum VisionFailureKind
{
    /// <summary>429, 5xx, timeout, network: the same call may succeed later.</summary>
    Transient,

    /// <summary>The provider refuses the request itself (400, 401, 403, 404): repeating it cannot help.</summary>
    Rejected,

    /// <summary>The model declined the content (refusal or content filter).</summary>
    Refused,

    /// <summary>The answer is not a usable classification (bad JSON, cut off, ids outside the dataset).</summary>
    Malformed,
}
