namespace Growbin.TestSupport.Workflows;

/// <summary>An activity work item sent again since: its answer is still awaited, and will be dropped as stale.</summary>
internal sealed record SupersededDispatch(string AppId, string InstanceId, int TaskId, string Token, WorkItemStream Stream);
