namespace Growbin.Workflows;

/// <param name="Attempt">1 for the first try.</param>
public sealed record WorkflowActivityContext(string InstanceId, string Name, int Attempt)
{
    /// <summary><c>{instanceId}:{activity}</c>: the same for every attempt and redelivery of this step.</summary>
    public string IdempotencyKey => $"{InstanceId}:{Name}";
}
