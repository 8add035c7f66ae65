namespace Growbin.Workflows;

/// <summary>
/// Keeps track of which instances are running, for an app that needs to list them (the actor runtime cannot). The
/// actor adds an instance before its first checkpoint and removes it after its last, so a running instance is always
/// listed. An index that throws is logged as a warning and ignored: indexing never fails or delays the work.
/// </summary>
public interface IWorkflowInstanceIndex
{
    Task AddAsync(string workflow, string instanceId, DateTimeOffset createdAt, CancellationToken cancellationToken);

    Task RemoveAsync(string workflow, string instanceId, CancellationToken cancellationToken);
}
